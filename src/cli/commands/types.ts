export interface Command {
  name: string;
  summary: string;
  /** Runs the command; returns the exit code. Expected failures throw CliError. */
  run(argv: string[]): Promise<number>;
}
