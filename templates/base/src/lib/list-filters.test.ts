import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { containsPattern, listQuerySchema, numberQuerySchema } from './list-filters.js';

describe('list filters', () => {
  it('makes a contains pattern in which %, _ and \\ stand for themselves', () => {
    expect(containsPattern('alp')).toBe('%alp%');
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });

  it('casts a number, checking it with the rules given, and refuses blank text rather than read it as 0', () => {
    const stock = numberQuerySchema(z.int32().min(0));

    expect(stock.parse('12')).toBe(12);
    expect(stock.safeParse('-1').success).toBe(false);
    expect(stock.safeParse('').success).toBe(false);
    expect(stock.safeParse(' ').success).toBe(false);
  });

  it('reads a comma-separated list, checking each item', () => {
    const statuses = listQuerySchema(z.enum(['draft', 'live']));

    expect(statuses.parse('draft,live')).toEqual(['draft', 'live']);
    expect(statuses.safeParse('draft,gone').error?.issues).toMatchObject([{ path: [1] }]);
    expect(statuses.safeParse('').success).toBe(false);
  });
});
