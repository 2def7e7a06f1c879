export interface Command {
  name: string;
  summary: string;
  run(argv: string[]): Promise<number>;
}

const notBuilt = (name: string, summary: string): Command => ({
  name,
  summary: `${summary} (not built yet)`,
  async run() {
    console.error(`exoforest ${name}: not built yet. See the project's open issues.`);
    return 3;
  }
});

export const commands: Command[] = [
  notBuilt('train', 'train a staged model from archive tables'),
  notBuilt('classify', 'classify the rows of a CSV with a model'),
  notBuilt('eval', 'run the standard evaluation on the three archive tables'),
  notBuilt('inspect', 'print the model card of a model file')
];
