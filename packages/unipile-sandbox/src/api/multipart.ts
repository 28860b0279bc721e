import type { RequestHandler, Response } from 'express';
import { ApiError } from '../errors';
import type { AttachmentInput } from '../world/types';

/** Unipile's attachment limit is about 15 MB per request. */
const MAX_BODY_BYTES = 15 * 1024 * 1024;

async function readBody(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(400, 'content_too_large', 'The request body is too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Parses multipart/form-data with the platform's own parser (undici `Response.formData()`), so
 * repeated keys (`attendees_ids`) and bracket keys (`linkedin[inmail]`) arrive exactly as sent.
 * Runs before routes so API faults can match multipart fields too.
 */
export const multipartMiddleware: RequestHandler = async (req, res, next) => {
  const contentType = req.headers['content-type'];
  if (!contentType || !req.is('multipart/form-data')) {
    next();
    return;
  }
  const body = await readBody(req);
  try {
    res.locals.form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new ApiError(400, 'malformed_request', 'The multipart body could not be parsed.');
  }
  next();
};

/** The parsed multipart body, or undefined when the request was not multipart. */
export function requestForm(res: Response): FormData | undefined {
  const form: unknown = res.locals.form;
  return form instanceof FormData ? form : undefined;
}

export function formString(form: FormData, key: string): string | undefined {
  const value = form.get(key);
  return typeof value === 'string' ? value : undefined;
}

export function formStrings(form: FormData, key: string): string[] {
  return form.getAll(key).filter((v): v is string => typeof v === 'string');
}

/** Uploaded files under `attachments` become message attachments (metadata only). */
export function formAttachments(form: FormData): AttachmentInput[] {
  return form
    .getAll('attachments')
    .flatMap((v) =>
      typeof v === 'string' ? [] : [{ file_name: v.name, mimetype: v.type || 'application/octet-stream', file_size: v.size }],
    );
}
