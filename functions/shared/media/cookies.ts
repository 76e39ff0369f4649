/** YOUTUBE_COOKIES comes as a Netscape cookies.txt or a `name=value; ...` header; each tool wants one form. */

interface Cookie {
  domain: string;
  name: string;
  value: string;
}

function parse(text: string): Cookie[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() && !/^#(?!HttpOnly_)/.test(line));
  const netscape = lines.filter((line) => line.split('\t').length >= 7);
  if (netscape.length > 0) {
    return netscape.map((line) => {
      const fields = line.split('\t');
      return { domain: fields[0]!.replace(/^#HttpOnly_/, ''), name: fields[5]!, value: fields[6]!.trim() };
    });
  }
  return text
    .replace(/^cookie:\s*/i, '')
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.includes('='))
    .map((pair) => {
      const at = pair.indexOf('=');
      return { domain: '.youtube.com', name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
    });
}

/** `name=value; name2=value2`, as the Cookie header youtubei.js sends. */
export function toCookieHeader(text: string): string {
  return parse(text)
    .map(({ name, value }) => `${name}=${value}`)
    .join('; ');
}

/** A Netscape cookies.txt, as yt-dlp's `--cookies` reads. */
export function toNetscapeCookies(text: string): string {
  const rows = parse(text).map(({ domain, name, value }) =>
    [domain, domain.startsWith('.') ? 'TRUE' : 'FALSE', '/', 'TRUE', '0', name, value].join('\t'),
  );
  return ['# Netscape HTTP Cookie File', ...rows, ''].join('\n');
}
