/** Every test layer runs on its own (`npm run test:<layer>`), and the README's Test section names each. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
const layerScripts = Object.entries(pkg.scripts).filter(([name]) => /^test:/.test(name));
/** Folders under test/ that hold helpers or data, not suites. */
const NOT_SUITES = new Set(['support', 'fixtures']);

describe('the test layers', () => {
  it('gives every suite folder under test/ exactly one test:* script', () => {
    const suites = readdirSync('test', { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !NOT_SUITES.has(entry.name))
      .map((entry) => entry.name);
    for (const suite of suites) {
      const owners = layerScripts.filter(([, command]) => command.split(/\s+/).includes(`test/${suite}`));
      expect(
        owners.map(([name]) => name),
        `test/${suite}`,
      ).toHaveLength(1);
    }
  });

  it('names every test:* script in the README Test section', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(
      readme.indexOf('## Test'),
      readme.indexOf('\n## ', readme.indexOf('## Test') + 1),
    );
    for (const [name] of layerScripts) expect(section, name).toContain(`npm run ${name}`);
  });
});
