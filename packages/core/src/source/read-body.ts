import { OccError, RESPONSE_TOO_LARGE } from "../errors.js";

/** Token responses are a few hundred bytes; anything near this is an attack or a misrouted request. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

const tooLarge = (status: number) =>
  new OccError(RESPONSE_TOO_LARGE, `The response is over the ${MAX_RESPONSE_BYTES}-byte limit`, { status });

/** Reads a body as text, refusing it once it passes {@link MAX_RESPONSE_BYTES}, whatever `Content-Length` said. */
export async function readBody(response: Response): Promise<string> {
  if (Number(response.headers.get("content-length")) > MAX_RESPONSE_BYTES) {
    response.body?.cancel().catch(() => {});
    throw tooLarge(response.status);
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    received += value.byteLength;
    if (received > MAX_RESPONSE_BYTES) {
      reader.cancel().catch(() => {});
      throw tooLarge(response.status);
    }
    text += decoder.decode(value, { stream: true });
  }
}
