// The one message for a model with no content, whatever it is written in.
export const EMPTY_MODEL = 'the model is empty: start from stacks/team.yaml';
