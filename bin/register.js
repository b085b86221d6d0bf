// Transpile-only TypeScript loading for the CLI and the synth app: no type-checking on the hot path
// (`npm run typecheck` does that once, in CI).
require('sucrase/register/ts');
