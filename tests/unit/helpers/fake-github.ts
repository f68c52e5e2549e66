// Test helper: a small GitHub REST API on 127.0.0.1 (node:http) for the pull-request comment endpoints, so the
// tests post over real HTTP.
//
//   const gh = await startFakeGitHub({ tokens: { 'ghs_write': 'write', 'ghs_fork': 'read' } });
//   // (tokens default to { 'ghs_test-write': 'write' }; maxBody, the longest body taken, to 65,536)
//   // GITHUB_API_URL = gh.url, GITHUB_TOKEN = 'ghs_write'
//   gh.addComments('owner/repo', 7, ['an unrelated comment', …]);   // comments already on pull request 7
//   gh.comments('owner/repo', 7);    // [{ id, body, html_url, user }] in the order they were posted
//   gh.requests;                     // every request: { method, path (with its query), token, headers, body }
//   await gh.close();
//
// What it serves (any repository and pull request number exist):
//   GET   /repos/{owner}/{repo}/issues/{n}/comments?per_page=&page=   per_page default 30, at most 100; Link header
//                                                                      with rel="next"/"last" (and "prev"/"first")
//   POST  /repos/{owner}/{repo}/issues/{n}/comments                   { body } → 201 and the comment
//   PATCH /repos/{owner}/{repo}/issues/comments/{id}                  { body } → 200 and the comment; 404 if unknown
// A missing or unknown token (Authorization: Bearer …) gets 401; a 'read' token gets 403 on POST and PATCH (as a
// fork's pull request's GITHUB_TOKEN); a body over `maxBody` characters (default 65,536) gets 422; an
// X-GitHub-Api-Version other than 2022-11-28 gets 400; anything else 404.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  body: string;
  html_url: string;
  user: { login: string; type: string };
}

export interface FakeRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** The bearer token, or null. */
  token: string | null;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface FakeGitHub {
  /** The API root, for GITHUB_API_URL. */
  url: string;
  requests: FakeRequest[];
  comments(repo: string, pr: number): FakeComment[];
  addComments(repo: string, pr: number, bodies: string[], login?: string): void;
  close(): Promise<void>;
}

export interface FakeGitHubOptions {
  /** token → what it may do. */
  tokens?: Record<string, 'write' | 'read'>;
  /** The longest body accepted (GitHub: 65,536). */
  maxBody?: number;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const tokens = options.tokens ?? { 'ghs_test-write': 'write' };
  const maxBody = options.maxBody ?? 65_536;
  const byPr = new Map<string, FakeComment[]>();
  const requests: FakeRequest[] = [];
  let nextId = 1000;
  let root = '';

  const list = (repo: string, pr: number) =>
    byPr.get(`${repo}#${pr}`) ?? byPr.set(`${repo}#${pr}`, []).get(`${repo}#${pr}`)!;
  const make = (repo: string, pr: number, body: string, login: string): FakeComment => {
    const id = nextId++;
    return {
      id,
      body,
      html_url: `https://github.com/${repo}/pull/${pr}#issuecomment-${id}`,
      user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
    };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
      const token = auth ? auth[1] : null;
      requests.push({ method: req.method ?? '', path: req.url ?? '', token, headers: req.headers, body });
      const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(json));
      };
      const url = new URL(req.url ?? '/', root);
      const version = req.headers['x-github-api-version'];
      if (version !== undefined && version !== '2022-11-28')
        return send(400, { message: `Unsupported 'X-GitHub-Api-Version': ${String(version)}` });
      const access = token ? tokens[token] : undefined;
      if (!access) return send(401, { message: 'Bad credentials', status: '401' });

      const listOrPost = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
      const patch = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
      const writing = req.method === 'POST' || req.method === 'PATCH';
      if (writing && access === 'read')
        return send(403, { message: 'Resource not accessible by integration', status: '403' });
      const newBody =
        typeof (body as { body?: unknown } | null)?.body === 'string' ? (body as { body: string }).body : null;
      if (writing && (newBody === null || newBody.length > maxBody))
        return send(422, {
          message: 'Validation Failed',
          errors: [
            newBody === null
              ? { resource: 'IssueComment', code: 'missing_field', field: 'body' }
              : {
                  resource: 'IssueComment',
                  code: 'custom',
                  field: 'body',
                  message: `body is too long (maximum is ${maxBody} characters)`,
                },
          ],
          status: '422',
        });

      if (listOrPost && req.method === 'GET') {
        const all = list(listOrPost[1], Number(listOrPost[2]));
        const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
        const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const link = (p: number, rel: string) => {
          const u = new URL(url.href);
          u.searchParams.set('per_page', String(perPage));
          u.searchParams.set('page', String(p));
          return `<${u.href}>; rel="${rel}"`;
        };
        const links = [
          ...(page > 1 ? [link(page - 1, 'prev'), link(1, 'first')] : []),
          ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
        ];
        return send(
          200,
          all.slice((page - 1) * perPage, page * perPage),
          links.length ? { Link: links.join(', ') } : {},
        );
      }
      if (listOrPost && req.method === 'POST') {
        const comment = make(listOrPost[1], Number(listOrPost[2]), newBody!, 'github-actions[bot]');
        list(listOrPost[1], Number(listOrPost[2])).push(comment);
        return send(201, comment);
      }
      if (patch && req.method === 'PATCH') {
        const comment = [...byPr.entries()]
          .filter(([key]) => key.startsWith(`${patch[1]}#`))
          .flatMap(([, comments]) => comments)
          .find((c) => c.id === Number(patch[2]));
        if (!comment) return send(404, { message: 'Not Found', status: '404' });
        comment.body = newBody!;
        return send(200, comment);
      }
      return send(404, { message: 'Not Found', status: '404' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: root,
    requests,
    comments: (repo, pr) => list(repo, pr).map((c) => ({ ...c })),
    addComments: (repo, pr, bodies, login = 'someone') => {
      for (const body of bodies) list(repo, pr).push(make(repo, pr, body, login));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
