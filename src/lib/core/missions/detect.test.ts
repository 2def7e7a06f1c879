import { describe, expect, it } from 'vitest';
import { detectKind, normaliseColumnName } from './detect.ts';
import { LoadError } from './errors.ts';

describe('table kind detection from the header', () => {
  it('recognises each archive table and the canonical form, in any case', () => {
    expect(detectKind(['kepid', 'kepoi_name', 'koi_period']).kind).toBe('koi');
    expect(detectKind(['PL_NAME', 'HostName', 'disposition', 'pl_orbper']).kind).toBe('k2');
    expect(detectKind(['toi', 'tid', 'tfopwg_disp']).kind).toBe('toi');
    expect(detectKind(['Period_Days', 'label']).kind).toBe('canonical');
  });

  it('normalises BOMs, spaces and case in column names', () => {
    expect(normaliseColumnName('\uFEFF Kepid ')).toBe('kepid');
  });

  it('names the closest table and what it lacks', () => {
    try {
      detectKind(['pl_name', 'hostname', 'pl_orbper']);
      throw new Error('expected detection to fail');
    } catch (e) {
      expect(e).toBeInstanceOf(LoadError);
      expect((e as LoadError).code).toBe('unknown-table');
      expect((e as Error).message).toMatch(
        /Closest: K2 Planets and Candidates \(k2pandc\), missing disposition\./
      );
    }
  });

  it('hints at the delimiter when the header is a single column', () => {
    expect(() => detectKind(['kepid;kepoi_name;koi_period'])).toThrow(
      /Only one column was found: is the file separated by commas, tabs or semicolons\?/
    );
  });
});
