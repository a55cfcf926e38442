import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file a console path names inside `root`, or null (outside the folder, missing, or a folder). */
export const consoleFileFor = (root: string, pathname: string): string | null => {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = resolve(root, `.${decoded}`);
  if (file !== root && !file.startsWith(`${root}${sep}`)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
};

/**
 * Serves the staff console for a GET/HEAD the API does not own: the file asked for, else index.html
 * so the browser's router takes the path (/desk, /case/…). Answers false when it did not answer
 * (another method, or no console built) so the caller can send its own 404.
 */
export const serveConsole = (root: string, req: IncomingMessage, res: ServerResponse): boolean => {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const index = join(root, 'index.html');
  if (!existsSync(index)) return false;
  const pathname = (req.url ?? '/').split('?')[0];
  const asked = consoleFileFor(root, pathname);
  // A missing asset is a 404, not the page: a stale tab must not load HTML as a script.
  if (!asked && pathname.startsWith('/assets/')) return false;
  const file = asked ?? index;
  const hashed = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': statSync(file).size,
    // Vite names assets by content hash; the page itself must always be fresh.
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(file).pipe(res);
  return true;
};
