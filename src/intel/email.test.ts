import { describe, expect, it } from 'vitest';
import { classifyEmail, createEmailClassifier, emailLists, MAX_EMAIL_CHARS, parseDomainList } from './email.ts';

describe('classifyEmail: validity', () => {
  it.each([
    'jane.doe@example.com', 'j+tag@gmail.com', "o'brien@example.ie", 'x@sub.example.co.uk', 'a@xn--bcher-kva.de', 'JANE@EXAMPLE.COM',
  ])('valid: %s', (e) => expect(classifyEmail(e).valid).toBe(true));

  it.each([
    'plainaddress', '@example.com', 'jane@', 'jane@@example.com', 'ja@ne@example.com', '.jane@example.com', 'jane.@example.com',
    'ja..ne@example.com', 'jane@example', 'jane@-example.com', 'jane@example-.com', 'jane@exa_mple.com', 'jane doe@example.com',
    'jane@example.c0m', `${'a'.repeat(65)}@example.com`, `a@${'b'.repeat(64)}.com`,
  ])('invalid: %s', (e) => {
    const f = classifyEmail(e);
    expect(f.valid).toBe(false);
    expect(f.disposable).toBeUndefined();
    expect(f.freeMail).toBe(false);
  });

  it('an internationalised domain is compared in punycode', () => {
    expect(classifyEmail('Max@Bücher.de')).toMatchObject({ valid: true, domain: 'xn--bcher-kva.de', mailbox: 'max@xn--bcher-kva.de' });
  });

  it('hostile input is bounded and linear', () => {
    const long = `${'a.'.repeat(200_000)}@${'b-'.repeat(200_000)}.com`;
    const t0 = performance.now();
    const f = classifyEmail(long);
    expect(f.valid).toBe(false);
    expect(f.mailbox.length).toBeLessThanOrEqual(MAX_EMAIL_CHARS * 2);
    expect(performance.now() - t0).toBeLessThan(50);
    expect(classifyEmail(`${'a'.repeat(5000)}@@@${'@'.repeat(5000)}`).valid).toBe(false);
  });
});

describe('classifyEmail: mailbox normalisation', () => {
  it('gmail ignores dots and +tags; googlemail.com is gmail.com', () => {
    expect(classifyEmail('J.Doe.Dev+jobs@GoogleMail.com')).toMatchObject({ mailbox: 'jdoedev@gmail.com', local: 'j.doe.dev+jobs', domain: 'googlemail.com', freeMail: true });
    expect(classifyEmail('jdoedev@gmail.com').mailbox).toBe('jdoedev@gmail.com');
  });

  it('+tags fold at Outlook.com, Proton, Fastmail and iCloud; dots are kept there', () => {
    expect(classifyEmail('jane.doe+apply@outlook.com').mailbox).toBe('jane.doe@outlook.com');
    expect(classifyEmail('jane.doe+x@hotmail.co.uk').mailbox).toBe('jane.doe@hotmail.co.uk');
    expect(classifyEmail('jane+x@live.fr').mailbox).toBe('jane@live.fr');
    expect(classifyEmail('jane+x@proton.me').mailbox).toBe('jane@proton.me');
    expect(classifyEmail('jane+x@pm.me').mailbox).toBe('jane@pm.me');
    expect(classifyEmail('jane+x@fastmail.com').mailbox).toBe('jane@fastmail.com');
    expect(classifyEmail('jane+x@icloud.com').mailbox).toBe('jane@icloud.com');
  });

  it('other domains keep the local part as written (lower case): j.doe and jdoe at a company are two people', () => {
    expect(classifyEmail('J.Doe+x@Example.com').mailbox).toBe('j.doe+x@example.com');
    expect(classifyEmail('jane+x@live.example.com').mailbox).toBe('jane+x@live.example.com');
  });
});

describe('classifyEmail: disposable and free-mail (committed lists)', () => {
  it('disposable domains, and subdomains of them', () => {
    expect(classifyEmail('x@mailinator.com')).toMatchObject({ valid: true, disposable: 'disposable-email-domains', freeMail: false });
    expect(classifyEmail('x@guerrillamail.com').disposable).toBe('disposable-email-domains');
    expect(classifyEmail('x@inbox.sub.mailinator.com').disposable).toBe('disposable-email-domains (mailinator.com)');
  });

  it('free-mail providers are free-mail, not disposable (a hard negative: most honest applicants use them)', () => {
    for (const d of ['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'proton.me', 'icloud.com', 'qq.com', 'naver.com', 'yandex.ru', 'tutanota.com']) {
      const f = classifyEmail(`someone@${d}`);
      expect(f, d).toMatchObject({ valid: true, freeMail: true });
      expect(f.disposable, d).toBeUndefined();
    }
  });

  it('a company domain is neither', () => {
    expect(classifyEmail('jane@microsoft.com')).toMatchObject({ freeMail: false });
    expect(classifyEmail('jane@microsoft.com').disposable).toBeUndefined();
    // a bare TLD is never looked up as a "parent"
    expect(classifyEmail('jane@example.com').disposable).toBeUndefined();
  });

  it('the committed lists are loaded once and sized as built', () => {
    const l = emailLists();
    expect(emailLists()).toBe(l);
    expect(l.disposable.size).toBeGreaterThan(5000);
    expect(l.free.size).toBeGreaterThan(3000);
    for (const d of l.free) expect(l.disposable.has(d), d).toBe(false);
  });

  it('a classifier over hand-made lists', () => {
    const c = createEmailClassifier({ disposable: parseDomainList('# c\nthrow.example\n'), free: parseDomainList('webmail.example # x\n') });
    expect(c('a@x.throw.example').disposable).toBe('disposable-email-domains (throw.example)');
    expect(c('a@webmail.example').freeMail).toBe(true);
  });

  it('speed: 100k classifications well under a second', () => {
    classifyEmail('warm@gmail.com');
    const t0 = performance.now();
    for (let i = 0; i < 100_000; i++) classifyEmail(`user${i}.x+t@${i % 2 ? 'gmail.com' : 'company.example.com'}`);
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});
