import { backtest } from './backtest';
import { classify } from './classify';
import { evalCommand } from './eval';
import { inspect } from './inspect';
import { train } from './train';
import type { Command } from './types';

export type { Command } from './types';

export const commands: Command[] = [train, classify, evalCommand, backtest, inspect];
