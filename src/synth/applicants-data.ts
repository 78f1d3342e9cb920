// Vocabularies of the synthetic applicant pool (applicants.ts): the generator's OWN tables, written for it and
// independent of anything the product's checks use (no import from src/intel, src/vetting or data/: the truth of
// the pool must not come from the catalogues it is measured against). Names of people, streets and companies are
// combinations of common words; no real person or company is meant.

/**
 * Years in which technologies became publicly available (first public release or open-sourcing; the year a
 * developer outside the makers could first have used them), as the generator knows them. Honest careers name a
 * technology only from a year after this one; the planted `tech-anachronism` names it at least three years before.
 */
export const TECH_YEAR: Record<string, number> = {
  Python: 1991,
  Java: 1996,
  JavaScript: 1996,
  PHP: 1995,
  Ruby: 1996,
  'C#': 2001,
  'C++': 1986,
  'Unix shell': 1979,
  SQL: 1986,
  PostgreSQL: 1997,
  MySQL: 1996,
  Linux: 1992,
  Perl: 1988,
  jQuery: 2006,
  'Ruby on Rails': 2004,
  Django: 2005,
  Hadoop: 2006,
  Git: 2005,
  'Amazon S3': 2006,
  'Amazon EC2': 2006,
  Scala: 2004,
  'Spring Framework': 2003,
  Pandas: 2008,
  'Node.js': 2009,
  MongoDB: 2009,
  Redis: 2009,
  Go: 2009,
  Jenkins: 2011,
  AngularJS: 2010,
  Elasticsearch: 2010,
  'Apache Kafka': 2011,
  'Apache Spark': 2010,
  Kotlin: 2011,
  TypeScript: 2012,
  Ansible: 2012,
  Docker: 2013,
  React: 2013,
  Grafana: 2014,
  Kubernetes: 2014,
  Terraform: 2014,
  Swift: 2014,
  'Vue.js': 2014,
  'AWS Lambda': 2014,
  'Spring Boot': 2014,
  Snowflake: 2014,
  Rust: 2015,
  GraphQL: 2015,
  'React Native': 2015,
  TensorFlow: 2015,
  Prometheus: 2015,
  'Apache Airflow': 2015,
  Angular: 2016,
  'Next.js': 2016,
  PyTorch: 2016,
  '.NET Core': 2016,
  dbt: 2016,
  Flutter: 2017,
  'Tailwind CSS': 2017,
  FastAPI: 2018,
  'GitHub Actions': 2019,
  Vite: 2020,
  Deno: 2020,
  Remix: 2021,
  LangChain: 2022,
  Bun: 2022,
};

/** Career tracks: titles by seniority and the technologies such a team uses (oldest to newest, by TECH_YEAR). */
export interface Track {
  id: string;
  titles: [string, string, string, string];
  tech: string[];
  area: string[];
}

export const TRACKS: Track[] = [
  {
    id: 'backend',
    titles: ['Junior Backend Developer', 'Backend Engineer', 'Senior Backend Engineer', 'Staff Backend Engineer'],
    tech: ['Java', 'Python', 'PHP', 'Ruby', 'PostgreSQL', 'MySQL', 'Spring Framework', 'Ruby on Rails', 'Django', 'Redis', 'Go', 'Node.js', 'Apache Kafka', 'Docker', 'Spring Boot', 'Kubernetes', 'GraphQL', 'Rust', 'FastAPI', 'Kotlin'],
    area: ['Computer Science', 'Software Engineering', 'Computer Engineering'],
  },
  {
    id: 'frontend',
    titles: ['Junior Web Developer', 'Frontend Developer', 'Senior Frontend Engineer', 'Lead Frontend Engineer'],
    tech: ['JavaScript', 'PHP', 'jQuery', 'AngularJS', 'TypeScript', 'React', 'Vue.js', 'Angular', 'Next.js', 'GraphQL', 'Tailwind CSS', 'Vite'],
    area: ['Computer Science', 'Information Technology', 'Interaction Design'],
  },
  {
    id: 'fullstack',
    titles: ['Software Developer', 'Full Stack Engineer', 'Senior Full Stack Engineer', 'Principal Engineer'],
    tech: ['JavaScript', 'Ruby', 'Python', 'PostgreSQL', 'jQuery', 'Ruby on Rails', 'Django', 'Node.js', 'MongoDB', 'TypeScript', 'React', 'Docker', 'GraphQL', 'Next.js', 'AWS Lambda', 'Tailwind CSS'],
    area: ['Computer Science', 'Software Engineering', 'Mathematics'],
  },
  {
    id: 'data',
    titles: ['Data Analyst', 'Data Engineer', 'Senior Data Engineer', 'Lead Data Engineer'],
    tech: ['SQL', 'Python', 'Java', 'PostgreSQL', 'Hadoop', 'Pandas', 'Scala', 'Apache Spark', 'Apache Kafka', 'Snowflake', 'Apache Airflow', 'dbt', 'TensorFlow', 'PyTorch'],
    area: ['Statistics', 'Computer Science', 'Mathematics', 'Economics'],
  },
  {
    id: 'devops',
    titles: ['Systems Administrator', 'DevOps Engineer', 'Senior Site Reliability Engineer', 'Staff Platform Engineer'],
    tech: ['Linux', 'Perl', 'Python', 'Git', 'Amazon EC2', 'Amazon S3', 'Jenkins', 'Ansible', 'Docker', 'Go', 'Terraform', 'Kubernetes', 'Grafana', 'Prometheus', 'GitHub Actions'],
    area: ['Information Technology', 'Computer Science', 'Network Engineering'],
  },
  {
    id: 'mobile',
    titles: ['Junior Mobile Developer', 'Mobile Engineer', 'Senior iOS Engineer', 'Lead Mobile Engineer'],
    tech: ['Java', 'JavaScript', 'Git', 'Swift', 'Kotlin', 'React Native', 'TypeScript', 'Flutter', 'GraphQL'],
    area: ['Computer Science', 'Software Engineering'],
  },
  {
    id: 'dotnet',
    titles: ['Junior .NET Developer', '.NET Developer', 'Senior Software Engineer (.NET)', 'Lead Software Engineer'],
    tech: ['C#', 'SQL', 'JavaScript', 'Git', 'jQuery', 'TypeScript', 'Angular', '.NET Core', 'Docker', 'Kubernetes', 'React'],
    area: ['Computer Science', 'Information Systems'],
  },
];

/** Two-part employer names: a first word and a kind of business (with the domain ending it would use). */
export const EMPLOYER_FIRST = [
  'Northwind', 'Bluepeak', 'Cobalt', 'Harborline', 'Quillstone', 'Redwood', 'Silverleaf', 'Ironbridge', 'Brightwater',
  'Copperfield', 'Lakeshore', 'Granite', 'Summitview', 'Tidewater', 'Evergreen', 'Foxglove', 'Maplecrest', 'Westbrook',
  'Starling', 'Amberline', 'Crescent', 'Driftwood', 'Falconer', 'Highgate', 'Juniper', 'Keystone', 'Lumen', 'Meridian',
  'Nimbus', 'Orchard', 'Pinecone', 'Quarry', 'Riverbend', 'Saltmarsh', 'Thornbury', 'Upland', 'Vantage', 'Willowby',
  'Yellowtail', 'Zephyr', 'Ashgrove', 'Birchfield', 'Cinder', 'Dovetail', 'Emberly', 'Fernhill', 'Goldcrest', 'Hollis',
];
export const EMPLOYER_KIND: [string, string][] = [
  ['Software', 'io'], ['Analytics', 'com'], ['Systems', 'com'], ['Labs', 'io'], ['Health', 'com'], ['Logistics', 'com'],
  ['Financial', 'com'], ['Digital', 'co'], ['Networks', 'net'], ['Insurance', 'com'], ['Retail Group', 'com'],
  ['Media', 'com'], ['Robotics', 'ai'], ['Energy', 'com'], ['Payments', 'io'], ['Technologies', 'com'], ['Cloud', 'io'],
  ['Bank', 'com'], ['Games', 'gg'], ['Travel', 'com'],
];

/** Universities: generic names of the kinds most graduates come from (state, city and technical schools). */
export const US_SCHOOLS = [
  'State University of {state}', 'University of {state}', '{city} State University', '{city} Institute of Technology',
  '{state} Technical University', '{city} Community College', 'Northern {state} University', 'Western {state} University',
];

export const DEGREES: [string, string][] = [
  ['Bachelor of Science', 'Bachelor'],
  ['Bachelor of Arts', 'Bachelor'],
  ['Master of Science', 'Master'],
  ['Associate of Applied Science', 'Associate'],
];

/** US cities the pool lives in: state, ZIP prefixes (3 digits), local area codes and IANA time zone. */
export const US_CITIES: { city: string; state: string; stateName: string; zip: string[]; area: string[]; tz: string }[] = [
  { city: 'Austin', state: 'TX', stateName: 'Texas', zip: ['787'], area: ['512', '737'], tz: 'America/Chicago' },
  { city: 'Dallas', state: 'TX', stateName: 'Texas', zip: ['752'], area: ['214', '469', '972'], tz: 'America/Chicago' },
  { city: 'Houston', state: 'TX', stateName: 'Texas', zip: ['770'], area: ['713', '832', '281'], tz: 'America/Chicago' },
  { city: 'Seattle', state: 'WA', stateName: 'Washington', zip: ['981'], area: ['206'], tz: 'America/Los_Angeles' },
  { city: 'Bellevue', state: 'WA', stateName: 'Washington', zip: ['980'], area: ['425'], tz: 'America/Los_Angeles' },
  { city: 'Portland', state: 'OR', stateName: 'Oregon', zip: ['972'], area: ['503', '971'], tz: 'America/Los_Angeles' },
  { city: 'San Jose', state: 'CA', stateName: 'California', zip: ['951'], area: ['408', '669'], tz: 'America/Los_Angeles' },
  { city: 'San Diego', state: 'CA', stateName: 'California', zip: ['921'], area: ['619', '858'], tz: 'America/Los_Angeles' },
  { city: 'Los Angeles', state: 'CA', stateName: 'California', zip: ['900'], area: ['213', '310', '323'], tz: 'America/Los_Angeles' },
  { city: 'Sacramento', state: 'CA', stateName: 'California', zip: ['958'], area: ['916'], tz: 'America/Los_Angeles' },
  { city: 'Denver', state: 'CO', stateName: 'Colorado', zip: ['802'], area: ['303', '720'], tz: 'America/Denver' },
  { city: 'Phoenix', state: 'AZ', stateName: 'Arizona', zip: ['850'], area: ['602', '480'], tz: 'America/Phoenix' },
  { city: 'Salt Lake City', state: 'UT', stateName: 'Utah', zip: ['841'], area: ['801', '385'], tz: 'America/Denver' },
  { city: 'Chicago', state: 'IL', stateName: 'Illinois', zip: ['606'], area: ['312', '773', '872'], tz: 'America/Chicago' },
  { city: 'Minneapolis', state: 'MN', stateName: 'Minnesota', zip: ['554'], area: ['612'], tz: 'America/Chicago' },
  { city: 'Columbus', state: 'OH', stateName: 'Ohio', zip: ['432'], area: ['614', '380'], tz: 'America/New_York' },
  { city: 'Detroit', state: 'MI', stateName: 'Michigan', zip: ['482'], area: ['313'], tz: 'America/Detroit' },
  { city: 'Indianapolis', state: 'IN', stateName: 'Indiana', zip: ['462'], area: ['317'], tz: 'America/Indiana/Indianapolis' },
  { city: 'Madison', state: 'WI', stateName: 'Wisconsin', zip: ['537'], area: ['608'], tz: 'America/Chicago' },
  { city: 'St. Louis', state: 'MO', stateName: 'Missouri', zip: ['631'], area: ['314'], tz: 'America/Chicago' },
  { city: 'Nashville', state: 'TN', stateName: 'Tennessee', zip: ['372'], area: ['615', '629'], tz: 'America/Chicago' },
  { city: 'Atlanta', state: 'GA', stateName: 'Georgia', zip: ['303'], area: ['404', '678', '470'], tz: 'America/New_York' },
  { city: 'Charlotte', state: 'NC', stateName: 'North Carolina', zip: ['282'], area: ['704', '980'], tz: 'America/New_York' },
  { city: 'Raleigh', state: 'NC', stateName: 'North Carolina', zip: ['276'], area: ['919', '984'], tz: 'America/New_York' },
  { city: 'Miami', state: 'FL', stateName: 'Florida', zip: ['331'], area: ['305', '786'], tz: 'America/New_York' },
  { city: 'Tampa', state: 'FL', stateName: 'Florida', zip: ['336'], area: ['813'], tz: 'America/New_York' },
  { city: 'Orlando', state: 'FL', stateName: 'Florida', zip: ['328'], area: ['407', '321'], tz: 'America/New_York' },
  { city: 'Washington', state: 'DC', stateName: 'District of Columbia', zip: ['200'], area: ['202'], tz: 'America/New_York' },
  { city: 'Arlington', state: 'VA', stateName: 'Virginia', zip: ['222'], area: ['703', '571'], tz: 'America/New_York' },
  { city: 'Baltimore', state: 'MD', stateName: 'Maryland', zip: ['212'], area: ['410', '443'], tz: 'America/New_York' },
  { city: 'Philadelphia', state: 'PA', stateName: 'Pennsylvania', zip: ['191'], area: ['215', '267'], tz: 'America/New_York' },
  { city: 'Pittsburgh', state: 'PA', stateName: 'Pennsylvania', zip: ['152'], area: ['412'], tz: 'America/New_York' },
  { city: 'New York', state: 'NY', stateName: 'New York', zip: ['100', '101'], area: ['212', '646', '917'], tz: 'America/New_York' },
  { city: 'Brooklyn', state: 'NY', stateName: 'New York', zip: ['112'], area: ['718', '347'], tz: 'America/New_York' },
  { city: 'Jersey City', state: 'NJ', stateName: 'New Jersey', zip: ['073'], area: ['201', '551'], tz: 'America/New_York' },
  { city: 'Boston', state: 'MA', stateName: 'Massachusetts', zip: ['021'], area: ['617', '857'], tz: 'America/New_York' },
  { city: 'Providence', state: 'RI', stateName: 'Rhode Island', zip: ['029'], area: ['401'], tz: 'America/New_York' },
  { city: 'Boise', state: 'ID', stateName: 'Idaho', zip: ['837'], area: ['208'], tz: 'America/Boise' },
  { city: 'Kansas City', state: 'MO', stateName: 'Missouri', zip: ['641'], area: ['816'], tz: 'America/Chicago' },
  { city: 'Omaha', state: 'NE', stateName: 'Nebraska', zip: ['681'], area: ['402'], tz: 'America/Chicago' },
];

export const FREE_MAIL_US = ['gmail.com', 'gmail.com', 'gmail.com', 'gmail.com', 'outlook.com', 'outlook.com', 'yahoo.com', 'yahoo.com', 'icloud.com', 'hotmail.com', 'proton.me', 'aol.com'];

/**
 * Throwaway mailbox services the planted `disposable-email` candidates use: the generator's own short list of
 * well-known public services (not read from any package or from the product's data).
 */
export const DISPOSABLE_DOMAINS = ['mailinator.com', 'guerrillamail.com', '10minutemail.com', 'yopmail.com', 'sharklasers.com', 'trashmail.com', 'getnada.com', 'dispostable.com', 'maildrop.cc', 'temp-mail.org'];

/** Staffing agencies of honest candidates, and the ones the planted schemes come through (names invented). */
export const HONEST_AGENCIES = ['Brightpath Staffing', 'Keystone Talent Partners', 'Northstar Technical Recruiting', 'Harbor Search Group', 'Summit IT Staffing'];
export const SCHEME_AGENCIES = ['Apex Global Talent Bridge', 'Pacific Rim Dev Solutions', 'Unity Remote Engineers'];

export const JOB_BOARDS = ['LinkedIn', 'Indeed', 'Wellfound', 'Dice', 'Hacker News Who is Hiring', 'Glassdoor'];

/** Summary openings, middles and closings; each candidate draws one of each and fills the slots. */
export const SUMMARY_OPEN = [
  '{title} with {years} years of experience building {domain}.',
  '{years}+ years as a {lower} across {industries}.',
  'I am a {lower} who has spent the last {years} years on {domain}.',
  'Pragmatic {lower} ({years} years) focused on {domain}.',
  'Over {years} years I have shipped {domain} for {industries}.',
  '{title} based in {city}; {years} years in {industries}.',
  'Engineer at heart, {lower} by trade: {years} years of {domain}.',
  'Hands-on {lower} with a background in {area} and {years} years in industry.',
];
export const SUMMARY_MIDDLE = [
  'Most at home with {t1} and {t2}, and comfortable owning a service from design to on-call.',
  'Recent work centres on {t1}, {t2} and making teams faster at shipping safely.',
  'I like small teams, clear ownership and boring, well-tested {t1} code.',
  'Day to day that means {t1}, {t2}, code review and mentoring newer engineers.',
  'Strong opinions, loosely held, about {t1}; deep experience with {t2}.',
  'I have led migrations to {t1} and kept {t2} systems healthy under real load.',
  'Known for careful design documents, {t1} expertise and calm incident handling.',
  'Currently deepening my {t2} skills while keeping {t1} as my main tool.',
  'My favourite problems sit where {t1} meets {t2} and the data gets messy.',
];
export const SUMMARY_CLOSE = [
  'Looking for a remote role with a product I can believe in.',
  'Open to remote or hybrid positions.',
  'Happiest where engineering and product talk to each other every day.',
  'Outside work: cycling, chess and the occasional open-source patch.',
  'Seeking a team that values documentation as much as velocity.',
  'Interested in mentoring and growing into a lead role.',
  'Volunteer coding coach on weekends.',
  '',
];
export const DOMAINS = ['payment platforms', 'data pipelines', 'customer-facing web apps', 'internal tooling', 'e-commerce backends', 'healthcare integrations', 'logistics software', 'mobile apps', 'cloud infrastructure', 'analytics products'];
export const INDUSTRIES = ['fintech and retail', 'healthcare and insurance', 'start-ups and large enterprises', 'media and gaming', 'logistics and travel', 'SaaS companies', 'banking', 'the public sector'];

/** Highlight sentences of a job: {t} a technology of the job, {n} a number, {p} a product noun. */
export const HIGHLIGHTS = [
  'Built the {p} service in {t}, serving {n}k requests per minute at peak.',
  'Cut page load time by {n}% by reworking the {p} front end with {t}.',
  'Designed and rolled out a {t}-based {p} used by {n} internal teams.',
  'Reduced cloud spend by {n}% after profiling the {p} workloads.',
  'Migrated the {p} from a monolith to {t} services with zero downtime.',
  'Mentored {n} junior engineers; ran the weekly {t} study group.',
  'Owned on-call for the {p}; brought incident count down {n}% in a year.',
  'Wrote the {t} integration tests that caught {n} regressions before release.',
  'Introduced {t} for the {p}, replacing a hand-rolled solution.',
  'Led a team of {n} building the {p} with {t}.',
  'Automated the {p} release process with {t}, from weekly to daily deploys.',
  'Shipped the {p} rewrite in {t} two weeks ahead of schedule.',
  'Partnered with product to launch the {p}, adopted by {n}% of customers.',
  'Built dashboards and alerts for the {p} using {t}.',
  'Maintained {n} microservices written in {t}.',
  'Improved {p} test coverage from {n}% to over 80% with {t}.',
  'Prototyped a {p} with {t} that became the team\'s main roadmap item.',
  'Scaled the {p} database layer to {n} million rows using {t}.',
  'Refactored legacy {p} code into typed {t} modules.',
  'Ran the {t} upgrade across {n} repositories.',
];
export const PRODUCTS = ['billing', 'checkout', 'search', 'notification', 'reporting', 'onboarding', 'inventory', 'scheduling', 'claims', 'recommendation', 'authentication', 'pricing', 'shipping', 'payments', 'messaging', 'analytics', 'catalog', 'customer portal'];

/** A light edit of cloned text: the words a cloner swaps. */
export const SYNONYMS: [string, string][] = [
  ['Built', 'Developed'], ['Designed', 'Architected'], ['Led', 'Headed'], ['Reduced', 'Lowered'], ['Improved', 'Raised'],
  ['experience', 'expertise'], ['comfortable', 'confident'], ['Looking for', 'Seeking'], ['remote', 'fully remote'],
  ['teams', 'squads'], ['shipped', 'delivered'], ['years', 'yrs'],
];

export const REFERRER_GIVEN = ['Kevin', 'Jason', 'Eric', 'Brian', 'Daniel', 'Alex', 'Chris', 'Sam'];
export const REFERRER_FAMILY = ['Lin', 'Park', 'Cho', 'Wong', 'Reed', 'Hale', 'Moss', 'Kerr'];

/** Interviewers when the pool is generated without a company directory. */
export const RECRUITERS = ['Dana Whitfield', 'Marcus Bell', 'Priya Natarajan', 'Tom Okafor', 'Helen Brandt', 'Luis Ortega'];
