import type { IncomingMessage, ServerResponse } from 'node:http';

import { badRequest } from './errors.js';

/** CORS headers on every answer: browsers call the service from the Safe App's origin. */
export const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'accept, authorization, content-type, origin, x-requested-with',
  'access-control-max-age': '86400',
} as const;

/** Writes a JSON answer (or an empty one for `undefined`) with CORS headers. */
export function sendJson(response: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    ...corsHeaders,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** Reads a JSON request body (an empty body is `undefined`); a body that is not JSON is a 400. */
export async function readJson(request: IncomingMessage, limitBytes = 1_000_000): Promise<unknown> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > limitBytes) throw badRequest(`The request body is larger than ${limitBytes} bytes.`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}
