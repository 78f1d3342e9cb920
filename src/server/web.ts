// The web UI (web/, built by Vite into dist/web at install): its HTML shell and hashed assets, open to anyone (the
// login page must load before anyone is signed in; the data stays behind /api/*, which needs a session or a token).
// Files are read once at start-up into memory (a few hundred KB) and served by exact path only, so no request path
// ever reaches the file system. Client routes (/people/…, /cases/…) answer index.html (SPA fallback). The CSP allows
// only this origin's scripts, styles and fetches: the build emits no inline script or style.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errorBody } from './types.ts';

export const WEB_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The UI's client-side routes: each answers the HTML shell. */
export const CLIENT_ROUTES = ['/', '/login', '/people', '/people/*', '/candidates', '/candidates/*', '/cases', '/cases/*', '/audit', '/settings'];
/** The build's files outside assets/ (web/public/): served by exact name. */
export const TOP_FILES = ['/favicon.svg'];
/**
 * Every route this plugin registers, whether or not the UI is built (the role matrix and docs/roles.md list them):
 * all public, GET (and HEAD).
 */
export const WEB_ROUTES = [...CLIENT_ROUTES, '/assets/*', ...TOP_FILES];

/** dist/web beside the compiled server (dist/server/web.js → dist/web), or from the sources (src/server → dist/web). */
export function defaultWebRoot(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const c of [join(here, '../web'), join(here, '../../dist/web')]) if (existsSync(join(c, 'index.html'))) return c;
  return undefined;
}

interface WebFile {
  body: Buffer;
  type: string;
}

function readTree(root: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && statSync(p).size <= 8 * 1024 * 1024) {
        const type = TYPES[extname(e.name).toLowerCase()];
        if (type) files.set('/' + relative(root, p).split(sep).join('/'), { body: readFileSync(p), type });
      }
    }
  };
  walk(root);
  return files;
}

export const webRoutes: FastifyPluginAsync<{ root: string | undefined }> = async (app, { root }) => {
  const files = root ? readTree(root) : new Map<string, WebFile>();
  const shell = files.get('/index.html');
  const send = (reply: FastifyReply, f: WebFile, immutable: boolean) =>
    reply
      .header('content-type', f.type)
      .header('content-security-policy', WEB_CSP)
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-store')
      .send(f.body);
  const config = { public: true } as const;
  const schema = { hide: true };
  const page = async (_req: unknown, reply: FastifyReply) => {
    if (!shell) return reply.status(503).send(errorBody(503, 'the web UI is not built (npm run build); the API is on /api'));
    return send(reply, shell, false);
  };
  for (const url of CLIENT_ROUTES) app.get(url, { config, schema }, page);
  app.get<{ Params: { '*': string } }>('/assets/*', { config, schema }, async (req, reply) => {
    const f = files.get(`/assets/${req.params['*']}`);
    if (!f) return reply.status(404).send(errorBody(404, 'no such asset'));
    return send(reply, f, true);
  });
  for (const path of TOP_FILES) {
    app.get(path, { config, schema }, async (_req, reply) => {
      const f = files.get(path);
      return f ? send(reply, f, false) : reply.status(404).send(errorBody(404, `${path} is not in this build`));
    });
  }
};
