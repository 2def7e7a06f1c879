import { backtest } from './backtest.ts';
import { classify } from './classify.ts';
import { evalCommand } from './eval.ts';
import { inspect } from './inspect.ts';
import { train } from './train.ts';
import type { Command } from './types.ts';

export type { Command } from './types.ts';

export const commands: Command[] = [train, classify, evalCommand, backtest, inspect];
