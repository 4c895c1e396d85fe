// node:stream/consumers for crosstalk: reads a whole Node stream, Web stream or (async)
// iterable into one value, as workerd does: chunks become a Blob first (Array.fromAsync).
import { Buffer } from "node:buffer";

async function collect(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

export async function blob(stream) {
  return new Blob(await collect(stream));
}

export async function arrayBuffer(stream) {
  const whole = await blob(stream);
  return whole.arrayBuffer();
}

export async function buffer(stream) {
  return Buffer.from(await arrayBuffer(stream));
}

export async function text(stream) {
  const decoder = new TextDecoder();
  let out = "";
  for await (const chunk of stream) {
    if (typeof chunk === "string") out += chunk;
    else out += decoder.decode(chunk, { stream: true });
  }
  out += decoder.decode(undefined, { stream: false });
  return out;
}

export async function json(stream) {
  return JSON.parse(await text(stream));
}

export default { arrayBuffer, blob, buffer, text, json };
