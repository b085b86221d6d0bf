// The guardrail pack's rule ids, in pack order. Model validation refuses suppressions of any other id without
// loading the pack itself (its rules need cdktf, the model must not); a test keeps this list equal to GUARDRAILS.
export const RULE_IDS: readonly string[] = [
  'DAC-UC1',
  'DAC-UC2',
  'DAC-UC3',
  'DAC-UC4',
  'DAC-UC5',
  'DAC-CP1',
  'DAC-CP2',
  'DAC-CP3',
  'DAC-CP4',
  'DAC-CP5',
  'DAC-TB1',
  'DAC-PR1',
  'DAC-PR2',
  'DAC-PL1',
  'DAC-PL2',
  'DAC-JB1',
  'DAC-WS1',
  'DAC-WS2',
  'DAC-SC1',
  'DAC-SC2',
];
