// The house's floors, lowest first. A module may import its own folder and any folder below it, never one above,
// and no import circle may form; __tests__/layers.test.ts walks the import graph of src/ and holds it to this order.
//   model       the model's schema, types and checks that need nothing but the model (imports nothing of ours)
//   ownership   file-ownership patterns: the wildcard automaton, the matcher, the edit decision, the hook
//   access      THE derivations (Unity Catalog access, compute, folders) and the resolved TeamEnvironment
//   rules       the guardrail pack over a synthesized stack
//   validation  every check of a model composed, and loading a model file through them
//   contract    CONTRACT.md and the per-agent briefs
//   agents      Claude Code agent definitions and project files
//   plan-diff   what changes between two plans
//   constructs  the cdktf constructs (L2, and the L3 AgentTeam)
//   (root)      the app (src/app.ts)
//   cli         the agent-contract command line, and the app of a model file as cdktf runs it
//   package     the package's public API (src/index.ts), which re-exports from every layer
export const LAYERS = [
  'model',
  'ownership',
  'access',
  'rules',
  'validation',
  'contract',
  'agents',
  'plan-diff',
  'constructs',
  '(root)',
  'cli',
  'package',
] as const;

export type Layer = (typeof LAYERS)[number];
