import { z } from 'zod';

/** An env boolean: "true"/"1"/"yes" and "false"/"0"/"no" (any case); anything else is an error, not false. */
export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'TRUE', 'FALSE', 'True', 'False', 'YES', 'NO'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v.toLowerCase())));
