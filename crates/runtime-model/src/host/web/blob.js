// crosstalk's Blob, File and FormData, written from the File API, XHR (FormData), HTML
// (multipart/form-data encoding) and Fetch (multipart/form-data parsing) standards.
//
// One function expression: the host calls it with its `host` object and installs the
// returned classes as globals; `isBlob`, `isFormData`, `bytesOf`, `serializeFormData` and
// `parseFormData` are helpers for the host's Body code. Internal state lives in WeakMaps
// keyed by the objects, which double as brand checks.
(function (host) {
  "use strict";

  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const isObject = (v) => (typeof v === "object" && v !== null) || typeof v === "function";

  function stateIn(map, object, what) {
    const state = map.get(object);
    if (state === undefined) throw new TypeError(`Illegal invocation: not a ${what}`);
    return state;
  }

  function requireArgs(args, count, where) {
    if (args.length < count) {
      throw new TypeError(`${where}: ${count} argument${count > 1 ? "s" : ""} required, but only ${args.length} present.`);
    }
  }

  // Attributes and operations are enumerable; the class string comes from @@toStringTag.
  function finishInterface(Class, tag) {
    for (const key of Object.getOwnPropertyNames(Class.prototype)) {
      if (key !== "constructor") Object.defineProperty(Class.prototype, key, { enumerable: true });
    }
    if (host.tagged) Object.defineProperty(Class.prototype, Symbol.toStringTag, { value: tag, writable: true, configurable: true });
  }

  // WebIDL USVString (a Symbol is a TypeError; lone surrogates become U+FFFD).
  const usv = (value) => `${value}`.toWellFormed();

  function concat(chunks) {
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  // ---- Blob and File --------------------------------------------------------------------

  // Per blob: { bytes, type }. `bytes` is never handed out or written: readers get copies,
  // so slices may share it.
  const blobs = new WeakMap();
  const blobOf = (blob) => stateIn(blobs, blob, "Blob");

  // A Blob's `type`: lowercased, or empty if it has a character outside U+0020–U+007E.
  function normalizeType(type) {
    type = `${type}`;
    return /^[\x20-\x7e]*$/.test(type) ? type.toLowerCase() : "";
  }

  // The bytes of a `sequence<(BufferSource or Blob or USVString)>`.
  function bytesOfParts(parts, where) {
    if (parts === undefined) return new Uint8Array(0);
    if (!isObject(parts) || typeof parts[Symbol.iterator] !== "function") {
      throw new TypeError(`Failed to construct '${where}': The provided value cannot be converted to a sequence.`);
    }
    const chunks = [];
    for (const part of parts) {
      if (blobs.has(part)) chunks.push(blobs.get(part).bytes);
      else if (part instanceof ArrayBuffer) chunks.push(new Uint8Array(part));
      else if (ArrayBuffer.isView(part)) chunks.push(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
      else chunks.push(encoder.encode(usv(part)));
    }
    return concat(chunks);
  }

  function blobOptions(options, where) {
    if (options === undefined || options === null) return {};
    if (!isObject(options)) throw new TypeError(`Failed to construct '${where}': The options argument is not an object.`);
    return options;
  }

  // A Blob (or, given a prototype, a File) over `bytes`, which it takes over.
  function makeBlob(bytes, type, prototype = Blob.prototype) {
    const blob = Object.create(prototype);
    blobs.set(blob, { bytes, type });
    return blob;
  }

  class Blob {
    constructor(blobParts = undefined, options = undefined) {
      const bytes = bytesOfParts(blobParts, "Blob");
      const { type } = blobOptions(options, "Blob");
      blobs.set(this, { bytes, type: type === undefined ? "" : normalizeType(type) });
    }
    get size() { return blobOf(this).bytes.length; }
    get type() { return blobOf(this).type; }
    slice(start = undefined, end = undefined, contentType = undefined) {
      const { bytes } = blobOf(this);
      const size = bytes.length;
      // [Clamp] long long, then relative to the end when negative.
      const position = (value, fallback) => {
        if (value === undefined) return fallback;
        let n = Math.trunc(Number(value)) || 0;
        n = n < 0 ? Math.max(size + n, 0) : Math.min(n, size);
        return n;
      };
      const from = position(start, 0);
      const to = Math.max(position(end, size), from);
      return makeBlob(bytes.subarray(from, to), contentType === undefined ? "" : normalizeType(contentType));
    }
    stream() {
      const { bytes } = blobOf(this);
      const { ReadableStream } = host.load("streams");
      return new ReadableStream({
        type: "bytes",
        pull(controller) {
          if (bytes.length > 0) controller.enqueue(bytes.slice());
          controller.close();
        },
      });
    }
    async text() { return decoder.decode(blobOf(this).bytes); }
    async arrayBuffer() { return blobOf(this).bytes.slice().buffer; }
    async bytes() { return blobOf(this).bytes.slice(); }
  }
  finishInterface(Blob, "Blob");

  // Per file: { name, lastModified }.
  const files = new WeakMap();
  const fileOf = (file) => stateIn(files, file, "File");

  function makeFile(bytes, type, name, lastModified) {
    const file = makeBlob(bytes, type, File.prototype);
    files.set(file, { name, lastModified });
    return file;
  }

  class File extends Blob {
    constructor(fileBits, fileName, options = undefined) {
      requireArgs(arguments, 2, "Failed to construct 'File'");
      const bytes = bytesOfParts(fileBits, "File");
      const name = usv(fileName);
      const { type, lastModified } = blobOptions(options, "File");
      super();
      blobs.set(this, { bytes, type: type === undefined ? "" : normalizeType(type) });
      // long long; the default is 0 rather than the current time, to stay deterministic.
      // The default is "now": the virtual clock's time under crosstalk, so runs replay.
      const time = lastModified === undefined ? Date.now() : Math.trunc(Number(lastModified));
      files.set(this, { name, lastModified: (Number.isFinite(time) && time) || 0 });
    }
    get name() { return fileOf(this).name; }
    get lastModified() { return fileOf(this).lastModified; }
  }
  finishInterface(File, "File");

  // ---- FormData ---------------------------------------------------------------------

  // Per form data: its entry list, an array of [name, value] with value a string or File.
  const forms = new WeakMap();
  const entriesOf = (form) => stateIn(forms, form, "FormData");

  // XHR's "create an entry": a Blob becomes a File named "blob" (a File keeps its name),
  // and a given filename always makes a new File of that name.
  function createEntry(args, where) {
    requireArgs(args, 2, where);
    const name = usv(args[0]);
    const value = args[1];
    if (!blobs.has(value)) {
      if (args.length > 2) throw new TypeError(`${where}: parameter 2 is not of type 'Blob'.`);
      return [name, usv(value)];
    }
    const filename = args[2] === undefined ? undefined : usv(args[2]);
    const file = files.get(value);
    if (file !== undefined && filename === undefined) return [name, value];
    const { bytes, type } = blobs.get(value);
    return [name, makeFile(bytes, type, filename ?? file?.name ?? "blob", file?.lastModified ?? Date.now())];
  }

  const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
  const formDataIteratorPrototype = Object.create(iteratorPrototype);
  const iterators = new WeakMap();
  Object.defineProperty(formDataIteratorPrototype, "next", {
    enumerable: true, writable: true, configurable: true,
    value: function next() {
      const state = stateIn(iterators, this, "FormData Iterator");
      const list = forms.get(state.form);
      if (state.index >= list.length) return { value: undefined, done: true };
      const [name, value] = list[state.index++];
      return { value: state.kind === "keys" ? name : state.kind === "values" ? value : [name, value], done: false };
    },
  });
  if (host.tagged) Object.defineProperty(formDataIteratorPrototype, Symbol.toStringTag, { value: "FormData Iterator", configurable: true });

  // A WebIDL pair iterator: live over the entry list, by index.
  function iterate(form, kind) {
    entriesOf(form);
    const iterator = Object.create(formDataIteratorPrototype);
    iterators.set(iterator, { form, kind, index: 0 });
    return iterator;
  }

  class FormData {
    constructor(form = undefined) {
      if (form !== undefined) {
        throw new TypeError("Failed to construct 'FormData': parameter 1 is not of type 'HTMLFormElement'.");
      }
      forms.set(this, []);
    }
    append(name, value, filename = undefined) {
      const list = entriesOf(this);
      list.push(createEntry(arguments, "Failed to execute 'append' on 'FormData'"));
    }
    set(name, value, filename = undefined) {
      const list = entriesOf(this);
      const entry = createEntry(arguments, "Failed to execute 'set' on 'FormData'");
      const first = list.findIndex(([n]) => n === entry[0]);
      if (first < 0) {
        list.push(entry);
        return;
      }
      list[first] = entry;
      for (let i = list.length - 1; i > first; i--) if (list[i][0] === entry[0]) list.splice(i, 1);
    }
    get(name) {
      const list = entriesOf(this);
      requireArgs(arguments, 1, "Failed to execute 'get' on 'FormData'");
      name = usv(name);
      const found = list.find(([n]) => n === name);
      return found === undefined ? null : found[1];
    }
    getAll(name) {
      const list = entriesOf(this);
      requireArgs(arguments, 1, "Failed to execute 'getAll' on 'FormData'");
      name = usv(name);
      return list.filter(([n]) => n === name).map(([, v]) => v);
    }
    has(name) {
      const list = entriesOf(this);
      requireArgs(arguments, 1, "Failed to execute 'has' on 'FormData'");
      name = usv(name);
      return list.some(([n]) => n === name);
    }
    delete(name) {
      const list = entriesOf(this);
      requireArgs(arguments, 1, "Failed to execute 'delete' on 'FormData'");
      name = usv(name);
      for (let i = list.length - 1; i >= 0; i--) if (list[i][0] === name) list.splice(i, 1);
    }
    entries() { return iterate(this, "entries"); }
    keys() { return iterate(this, "keys"); }
    values() { return iterate(this, "values"); }
    forEach(callback, thisArg = undefined) {
      const list = entriesOf(this);
      requireArgs(arguments, 1, "Failed to execute 'forEach' on 'FormData'");
      if (typeof callback !== "function") {
        throw new TypeError("Failed to execute 'forEach' on 'FormData': The callback provided as parameter 1 is not a function.");
      }
      for (let i = 0; i < list.length; i++) callback.call(thisArg, list[i][1], list[i][0], this);
    }
  }
  finishInterface(FormData, "FormData");
  Object.defineProperty(FormData.prototype, Symbol.iterator, {
    value: FormData.prototype.entries, writable: true, configurable: true,
  });

  // ---- multipart/form-data ----------------------------------------------------------

  // HTML's multipart/form-data encoding: names have newlines normalised to CRLF, then
  // names and filenames escape LF, CR and `"`; string values have newlines normalised.
  const normalizeNewlines = (s) => s.replace(/\r\n|\r|\n/g, "\r\n");
  const escapeQuoted = (s) => s.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");

  function serializeFormData(form) {
    const list = entriesOf(form);
    const boundary = String(host.boundary());
    const chunks = [];
    for (const [name, value] of list) {
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(normalizeNewlines(name))}"`;
      if (typeof value === "string") {
        chunks.push(encoder.encode(`${head}\r\n\r\n${normalizeNewlines(value)}\r\n`));
      } else {
        const { bytes, type } = blobs.get(value);
        head += `; filename="${escapeQuoted(files.get(value).name)}"\r\nContent-Type: ${type || "application/octet-stream"}\r\n\r\n`;
        chunks.push(encoder.encode(head), bytes, encoder.encode("\r\n"));
      }
    }
    chunks.push(encoder.encode(`--${boundary}--\r\n`));
    return { bytes: concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
  }

  // The MIME Sniffing standard's "parse a MIME type", reduced to what FormData needs:
  // { essence, parameters: Map } or null when the type/subtype is not valid.
  function parseMimeType(input) {
    const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
    const text = input.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
    const slash = text.indexOf("/");
    const semicolon = text.indexOf(";");
    const end = semicolon < 0 ? text.length : semicolon;
    if (slash < 0 || slash > end) return null;
    const type = text.slice(0, slash);
    const subtype = text.slice(slash + 1, end).replace(/[\t\n\r ]+$/, "");
    if (!token.test(type) || !token.test(subtype)) return null;
    const parameters = new Map();
    let position = end;
    while (position < text.length) {
      position++; // past ";"
      while (/[\t\n\r ]/.test(text[position] ?? "")) position++;
      let nameEnd = position;
      while (nameEnd < text.length && text[nameEnd] !== ";" && text[nameEnd] !== "=") nameEnd++;
      const name = text.slice(position, nameEnd).toLowerCase();
      position = nameEnd;
      if (text[position] === ";") continue;
      if (position >= text.length) break;
      position++; // past "="
      let value = "";
      if (text[position] === '"') {
        // A quoted string: backslash escapes the next character; what follows the
        // closing quote up to the next ";" is ignored.
        position++;
        while (position < text.length && text[position] !== '"') {
          if (text[position] === "\\" && position + 1 < text.length) position++;
          value += text[position++];
        }
        while (position < text.length && text[position] !== ";") position++;
      } else {
        const valueEnd = text.indexOf(";", position);
        value = text.slice(position, valueEnd < 0 ? text.length : valueEnd).replace(/[\t\n\r ]+$/, "");
        position = valueEnd < 0 ? text.length : valueEnd;
        if (value === "") continue;
      }
      if (name !== "" && token.test(name) && !parameters.has(name)) parameters.set(name, value);
    }
    return { essence: `${type}/${subtype}`.toLowerCase(), parameters };
  }

  // The index of `needle` in `bytes` at or after `from`, or -1.
  function indexOfBytes(bytes, needle, from) {
    for (let i = bytes.indexOf(needle[0], from); i >= 0; i = bytes.indexOf(needle[0], i + 1)) {
      if (i + needle.length > bytes.length) return -1;
      let j = 1;
      while (j < needle.length && bytes[i + j] === needle[j]) j++;
      if (j === needle.length) return i;
    }
    return -1;
  }

  const malformed = () => new TypeError("Failed to parse body as FormData.");

  // Undoes the escaping of names and filenames (%0A, %0D, %22), as Fetch's parser does.
  const unescapeQuoted = (s) => s.replace(/%0A/g, "\n").replace(/%0D/g, "\r").replace(/%22/g, '"');

  // A part's Content-Disposition: { name, filename } (filename null when absent).
  function parseDisposition(value) {
    const match = /^form-data\s*(?=;|$)/i.exec(value);
    if (match === null) throw malformed();
    let name = null, filename = null;
    // `; key=value` or `; key="value"` (a quoted value may hold ";").
    const parameter = /;\s*([^\s=;]+)\s*=\s*(?:"([^"]*)"|([^;]*))/g;
    for (const [, key, quoted, bare] of value.slice(match[0].length).matchAll(parameter)) {
      const text = unescapeQuoted(quoted ?? bare.trim());
      if (key.toLowerCase() === "name") name = text;
      else if (key.toLowerCase() === "filename") filename = text;
    }
    if (name === null) throw malformed();
    return { name, filename };
  }

  // Fetch's multipart/form-data parser, lenient about a preamble and an epilogue.
  function parseMultipart(bytes, boundary, form) {
    const delimiter = encoder.encode(`--${boundary}`);
    const bodyEnd = encoder.encode(`\r\n--${boundary}`);
    const crlfcrlf = encoder.encode("\r\n\r\n");
    let position = indexOfBytes(bytes, delimiter, 0);
    if (position !== 0) {
      position = indexOfBytes(bytes, bodyEnd, 0);
      if (position < 0) throw malformed();
      position += 2;
    }
    const list = entriesOf(form);
    for (;;) {
      position += delimiter.length;
      if (bytes[position] === 0x2d && bytes[position + 1] === 0x2d) return form;
      // Transport padding (spaces and tabs) may follow a delimiter before its CRLF.
      while (bytes[position] === 0x20 || bytes[position] === 0x09) position++;
      if (bytes[position] !== 0x0d || bytes[position + 1] !== 0x0a) throw malformed();
      position += 2;
      let name = null, filename = null, contentType = null;
      const headersEnd = bytes[position] === 0x0d && bytes[position + 1] === 0x0a
        ? position : indexOfBytes(bytes, crlfcrlf, position);
      if (headersEnd < 0) throw malformed();
      if (headersEnd > position) {
        for (const line of decoder.decode(bytes.subarray(position, headersEnd)).split("\r\n")) {
          const colon = line.indexOf(":");
          if (colon <= 0) throw malformed();
          const header = line.slice(0, colon).trim().toLowerCase();
          const value = line.slice(colon + 1).trim();
          if (header === "content-disposition") ({ name, filename } = parseDisposition(value));
          else if (header === "content-type") contentType = value;
        }
        position = headersEnd + 4;
      } else {
        position = headersEnd + 2;
      }
      if (name === null) throw malformed();
      const end = indexOfBytes(bytes, bodyEnd, position);
      if (end < 0) throw malformed();
      const body = bytes.slice(position, end);
      if (filename === null) {
        list.push([name, decoder.decode(body)]);
      } else {
        const type = contentType ?? "text/plain";
        list.push([name, makeFile(body, /^[\x00-\x7f]*$/.test(type) ? normalizeType(type) : "", filename, 0)]);
      }
      position = end + 2;
    }
  }

  function parseFormData(bytes, contentType) {
    const mime = parseMimeType(String(contentType));
    const form = new FormData();
    if (mime !== null && mime.essence === "multipart/form-data") {
      const boundary = mime.parameters.get("boundary");
      if (boundary === undefined || boundary === "") throw malformed();
      return parseMultipart(bytes, boundary, form);
    }
    if (mime !== null && mime.essence === "application/x-www-form-urlencoded") {
      // The "?" keeps URLSearchParams from dropping a leading "?" of the body itself.
      for (const [name, value] of new URLSearchParams(`?${decoder.decode(bytes)}`)) form.append(name, value);
      return form;
    }
    throw new TypeError(
      "Unrecognized Content-Type header value. FormData can only parse the following MIME types: " +
        "multipart/form-data, application/x-www-form-urlencoded",
    );
  }

  return {
    Blob,
    File,
    FormData,
    isBlob: (value) => blobs.has(value),
    isFormData: (value) => forms.has(value),
    bytesOf: (blob) => blobOf(blob).bytes.slice(),
    serializeFormData,
    parseFormData,
  };
})
