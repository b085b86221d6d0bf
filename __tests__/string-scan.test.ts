// The secret scan (DAC-SC1) and the template scan (DAC-SC2) read every string of an element from one walk.
import { scanStrings } from '../src/rules/string-scan';
import type { StackElement } from '../src/rules/rule';

const element = (config: Record<string, unknown>): StackElement => ({ type: 'databricks_job', path: 'dev/job/job', config });
const TOKEN = `dapi${'0123456789abcdef'.repeat(2)}`;

describe('one walk over the strings of an element', () => {
  it('walks each element once, whichever rule asks first', () => {
    const job = element({ name: 'nightly' });
    expect(scanStrings(job)).toBe(scanStrings(job));
    expect(scanStrings(element({ name: 'nightly' }))).not.toBe(scanStrings(job));
  });

  it('writes each path as its rule does: a key that is a token is hidden from the secret scan, kept by the template scan', () => {
    const scan = scanStrings(element({ tags: { [TOKEN]: { note: '${file("x")}' } }, task: [{ url: `https://h/${TOKEN}` }] }));
    expect(scan.secrets).toEqual(['a key of tags is a Databricks personal access token', 'task[0].url holds a Databricks personal access token']);
    expect(scan.templateCandidates).toEqual([[`tags.${TOKEN}.note`, '${file("x")}']]);
    expect(scan.hasStrings).toBe(true);
  });

  it('a literal credential is reported once by the secret scan, and its text is still searched for template sequences', () => {
    const scan = scanStrings(element({ spark_env_vars: { API_TOKEN: `%{ if true }${TOKEN}%{ endif }` } }));
    expect(scan.secrets).toEqual(['spark_env_vars.API_TOKEN is a literal credential']);
    expect(scan.templateCandidates).toEqual([['spark_env_vars.API_TOKEN', `%{ if true }${TOKEN}%{ endif }`]]);
  });

  it('keys holding a sequence are candidates, plain strings are not; decoded base64 is searched for secrets only', () => {
    const encoded = Buffer.from(`token = "${TOKEN}"`).toString('base64');
    const scan = scanStrings(element({ 'a${b}': 'plain', content_base64: encoded }));
    expect(scan.templateCandidates).toEqual([['a${b} (key)', 'a${b}']]);
    expect(scan.secrets).toEqual(['content_base64 (decoded) holds a Databricks personal access token']);
  });

  it.each([
    [TOKEN.toUpperCase(), 'a Databricks personal access token'],
    [`DOSE${'a'.repeat(32)}`, 'a Databricks OAuth secret'],
    [`x ghp_${'A'.repeat(36)}`, 'a GitHub token'],
    ['-----BEGIN RSA PRIVATE KEY-----', 'a PEM private key'],
    ['id=AKIAABCDEFGHIJKLMNOP', 'an AWS access key id'],
    ['DefaultEndpointsProtocol=https;accountkey=abc123;', 'an Azure storage account key'],
    ['jdbc:postgresql://admin:hunter2@db:5432/x', 'a password in a URL'],
  ])('the quick pre-search lets every token shape through: %s', (text, kind) => {
    expect(scanStrings(element({ value: text })).secrets).toEqual([`value holds ${kind}`]);
  });

  it('an element without any string or key has none to report', () => {
    expect(scanStrings(element({}))).toEqual({ secrets: [], templateCandidates: [], hasStrings: false });
    expect(scanStrings(element({ count: [1, 2] })).hasStrings).toBe(true);
  });
});
