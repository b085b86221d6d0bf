// The file is missing, unreadable or not a plan the diff reads: a usage error, never a stack trace.
export class PlanFileError extends Error {}
