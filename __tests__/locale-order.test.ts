// Generated output is ordered the same on every machine: never by the locale of the process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareText } from '../src/model/compare-text';
import { REFERENCE_MODEL, ROOT } from './helpers';

const BIN = join(ROOT, 'bin/agent-contract.js');

// The reference model with an agent whose name starts with "aa": Danish collation sorts "aa" as "å", after "z".
const model = join(mkdtempSync(join(tmpdir(), 'agent-contract-locale-')), 'team.yaml');
writeFileSync(model, readFileSync(REFERENCE_MODEL, 'utf8').replace(/\btroubleshooter\b/g, 'aa-troubleshooter'));

/** stdout of the CLI run under `locale`: Node takes ICU's default locale from LC_ALL / LANG (nodejs.org/api/intl.html). */
function cli(locale: string, ...args: string[]): string {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LANG: locale, LC_ALL: locale } });
  expect(result.stderr).not.toMatch(/Error|at .+:\d+:\d+/);
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('output order does not depend on the locale', () => {
  it('orders by UTF-16 code units, as sort() does', () => {
    const names = ['zz-writer', 'aa-loader', 'Zeta', 'a_b', 'a-b', 'ab', 'å'];
    expect([...names].sort(compareText)).toEqual([...names].sort());
    expect(compareText('aa-loader', 'zz-writer')).toBe(-1);
    expect(compareText('zz-writer', 'aa-loader')).toBe(1);
    expect(compareText('same', 'same')).toBe(0);
  });

  it('the Danish locale orders "aa" after "z", which is what the contract must not follow', () => {
    const danish = spawnSync(process.execPath, ['-e', "console.log(['aa','z'].sort((a, b) => a.localeCompare(b)).join())"], {
      encoding: 'utf8',
      env: { ...process.env, LANG: 'da_DK.UTF-8', LC_ALL: 'da_DK.UTF-8' },
    });
    // Without full ICU data this precondition would not hold and the test below would prove nothing.
    expect(danish.stdout.trim()).toBe('z,aa');
  });

  it('renders the same CONTRACT.md and access matrix under LC_ALL=C and LC_ALL=da_DK', () => {
    const contract = cli('C.UTF-8', 'render', model, '--env', 'dev');
    expect(cli('da_DK.UTF-8', 'render', model, '--env', 'dev')).toBe(contract);
    // The row of aa-troubleshooter comes first among the volume's readers, by code units.
    const volumeRows = contract.split('\n').filter((line) => line.startsWith('| `lakehouse_dev.bronze.landing` | Volume |'));
    expect(volumeRows[0]).toContain('| aa-troubleshooter |');
    expect(cli('da_DK.UTF-8', 'access', model, '--env', 'dev', '--json')).toBe(cli('C.UTF-8', 'access', model, '--env', 'dev', '--json'));
  });
});
