import { isValidTimeZone } from '@outreach/domain';
import { z } from './openapi';

export const idParams = z.object({ id: z.uuid('must be a UUID') }).strict();

export const timeZone = z
  .string()
  .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/London')
  .openapi({ example: 'Europe/London' });

/** An address as RFC 5321 bounds it (320 characters), checked before the format's regex runs. */
export const emailAddress = z.string().trim().max(320, 'must be at most 320 characters').pipe(z.email('must be an email address'));

/** Recipient lists: at most 50 addresses, each bounded and well-formed. */
export const emailList = z.array(emailAddress).max(50);

export const timestamp = z.string().openapi({ format: 'date-time' });
