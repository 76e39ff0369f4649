import { describe, expect, it } from 'vitest';
import { generatedAssetsModule } from '../../../scripts/build-web-assets.js';
import { readFileSync } from 'node:fs';
import { apiEvent, createApi } from './api-fixture.js';

const get = (path: string) => apiEvent({ method: 'GET', path, headers: { accept: 'text/html' } });

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values.join(' ')];
    }),
  );
}

describe('the page at GET /', () => {
  it('is served as HTML under a policy that allows only its own script, style and API', async () => {
    const api = createApi();
    const response = await api.call(get('/'));
    api.restore();

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = directives(response.headers['content-security-policy']!);
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('img-src')).toBe('https://i.ytimg.com');
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('has no inline script, inline style or event-handler attribute for the policy to block', async () => {
    const api = createApi();
    const html = (await api.call(get('/'))).body;
    api.restore();

    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]![1]).toContain('src="app.js"');
    expect(scripts[0]![2]!.trim()).toBe('');
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
    expect(html).toContain('<link rel="stylesheet" href="app.css" />');
  });

  it('labels every input, so it can be filled by keyboard and screen reader', async () => {
    const api = createApi();
    const html = (await api.call(get('/'))).body;
    api.restore();

    for (const [, id] of html.matchAll(/<(?:input|select)\b[^>]*\bid="([^"]+)"/g)) {
      expect(html).toContain(`for="${id}"`);
    }
    for (const radio of html.matchAll(/<label>\s*<input\b[^>]*type="radio"/g)) expect(radio[0]).toBeTruthy();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('name="viewport"');
  });

  it.each([
    ['/app.js', 'text/javascript; charset=utf-8', 'functions/api/web/app.js'],
    ['/options.js', 'text/javascript; charset=utf-8', 'functions/api/web/options.js'],
    ['/app.css', 'text/css; charset=utf-8', 'functions/api/web/app.css'],
  ])('serves %s from the repository file, cacheable for minutes', async (path, type, file) => {
    const api = createApi();
    const response = await api.call(get(path));
    api.restore();

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(type);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.body).toBe(readFileSync(file, 'utf8'));
  });

  it.each(['app.js', 'options.js'])('never writes a server-supplied string as HTML in %s', (file) => {
    const script = readFileSync(`functions/api/web/${file}`, 'utf8');
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  });

  it('bundles the files as they are in the repository (run `npm run build:web` after editing them)', async () => {
    expect(readFileSync('functions/api/web/assets.generated.ts', 'utf8')).toBe(await generatedAssetsModule());
  });

  it('answers 405 to a POST on the page', async () => {
    const api = createApi();
    const response = await api.call(apiEvent({ method: 'POST', path: '/' }));
    api.restore();
    expect(response.statusCode).toBe(405);
  });
});
