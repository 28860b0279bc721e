import { isValidTimeZone } from '@outreach/domain';
import { z } from './openapi';

export const idParams = z.object({ id: z.uuid('must be a UUID') }).strict();

export const timeZone = z
  .string()
  .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/London')
  .openapi({ example: 'Europe/London' });

export const emailList = z.array(z.email()).max(50);

export const timestamp = z.string().openapi({ format: 'date-time' });
