import { commands, type Command } from './commands/index.ts';
import { CliError } from './errors.ts';
import { err } from './io.ts';
import { shown } from './text.ts';

const usage = (list: Command[]) =>
  [
    'exoforest: train and run exoplanet-candidate Random Forests on NASA Exoplanet Archive tables.',
    '',
    'Usage: exoforest <command> [options]',
    '',
    'Commands:',
    ...list.map((c) => `  ${c.name.padEnd(10)}${c.summary}`),
    '',
    'Run `exoforest <command> --help` for the options of one command.'
  ].join('\n');

/** Runs one CLI invocation and returns the process exit code (errors go to stderr). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage(commands));
    return 0;
  }
  if (name === '--version' || name === '-v') {
    console.log('exoforest 0.1.0');
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    err(`exoforest: unknown command ${shown(name)}.\n\n${usage(commands)}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof CliError) {
      err(`exoforest ${name}: ${error.message}`);
      return error.exitCode;
    }
    err(`exoforest ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
