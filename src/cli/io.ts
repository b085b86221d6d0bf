// Where commands write: injectable so tests can run commands in-process.
export interface CommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export const processIo: CommandIo = { stdout: process.stdout, stderr: process.stderr };
