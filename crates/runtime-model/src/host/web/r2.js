// R2 bucket bindings, crosstalk's own code: the API a worker sees (`env.BUCKET`), over
// host.r2, which applies each operation to the scenario's bucket as I/O of the calling
// request (host/r2.rs, r2.rs).
//
// host.r2(binding, requestJson, bytes) resolves to { answer, bytes }: `answer` is the
// bucket's JSON answer (object metadata, list pages, upload ids), `bytes` an ArrayBuffer
// of a get's body or null; R2's errors reject it. Every promise a method returns comes
// from `then` on that host promise, so promise provenance sees the calling request as
// its creator.
(function (host) {
  "use strict";

  const HTTP_FIELDS = [
    ["contentType", "content-type"],
    ["contentLanguage", "content-language"],
    ["contentDisposition", "content-disposition"],
    ["contentEncoding", "content-encoding"],
    ["cacheControl", "cache-control"],
  ];

  function call(binding, request, bytes) {
    return host.r2(binding, JSON.stringify(request), bytes);
  }

  // Like workerd's promise-returning methods, a bad argument rejects the promise the
  // method returns instead of throwing.
  function attempt(f) {
    try {
      return f();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  function isHeaders(value) {
    return typeof Headers === "function" && value instanceof Headers;
  }

  // httpMetadata as given to put: an R2HTTPMetadata object or Headers.
  function httpMetadataOf(value) {
    const out = {};
    if (value === undefined || value === null) return out;
    if (isHeaders(value)) {
      for (const [field, header] of HTTP_FIELDS) {
        const v = value.get(header);
        if (v !== null) out[field] = v;
      }
      const expires = value.get("expires");
      if (expires !== null) out.cacheExpiry = Date.parse(expires);
      return out;
    }
    for (const [field] of HTTP_FIELDS) {
      if (value[field] !== undefined) out[field] = String(value[field]);
    }
    if (value.cacheExpiry !== undefined) out.cacheExpiry = new Date(value.cacheExpiry).getTime();
    return out;
  }

  function customMetadataOf(value) {
    const out = {};
    if (value === undefined || value === null) return out;
    for (const key of Object.keys(value)) out[key] = String(value[key]);
    return out;
  }

  function etagList(value, header) {
    if (value === undefined || value === null) return [];
    const text = String(value);
    if (header) {
      return text.split(",").map((e) => e.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1")).filter((e) => e !== "");
    }
    if (/^(W\/)?".*"$/.test(text)) {
      throw new TypeError(`Conditional ETag should not be wrapped in quotes (${text}).`);
    }
    return [text];
  }

  // onlyIf: an R2Conditional object or Headers (If-Match, If-None-Match,
  // If-Modified-Since, If-Unmodified-Since).
  function conditionsOf(value) {
    if (value === undefined || value === null) return undefined;
    if (isHeaders(value)) {
      const since = value.get("if-modified-since");
      const unmodified = value.get("if-unmodified-since");
      return {
        etagMatches: etagList(value.get("if-match"), true),
        etagDoesNotMatch: etagList(value.get("if-none-match"), true),
        uploadedAfter: since === null ? undefined : Date.parse(since),
        uploadedBefore: unmodified === null ? undefined : Date.parse(unmodified),
      };
    }
    const time = (d) => (d === undefined || d === null ? undefined : new Date(d).getTime());
    return {
      etagMatches: etagList(value.etagMatches, false),
      etagDoesNotMatch: etagList(value.etagDoesNotMatch, false),
      uploadedAfter: time(value.uploadedAfter),
      uploadedBefore: time(value.uploadedBefore),
    };
  }

  function rangeOf(value) {
    if (value === undefined || value === null) return undefined;
    if (isHeaders(value)) {
      const header = value.get("range");
      if (header === null) return undefined;
      const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
      if (m === null) throw new TypeError(`Invalid range header: ${header}`);
      if (m[1] === "") return { suffix: Number(m[2]) };
      return m[2] === "" ? { offset: Number(m[1]) } : { offset: Number(m[1]), length: Number(m[2]) - Number(m[1]) + 1 };
    }
    const check = (name, v, what) => {
      if (v === undefined) return undefined;
      if (!(v >= 0)) throw new RangeError(`Invalid range. ${what} (${v}) must be >= 0.`);
      if (!Number.isInteger(v)) throw new RangeError(`Invalid range. ${what} (${v}) must be an integer.`);
      return v;
    };
    if (value.suffix !== undefined) {
      if (value.offset !== undefined) throw new TypeError("Suffix is incompatible with offset.");
      if (value.length !== undefined) throw new TypeError("Suffix is incompatible with length.");
      return { suffix: check("suffix", value.suffix, "Suffix") };
    }
    return { offset: check("offset", value.offset, "Starting offset"), length: check("length", value.length, "Length") };
  }

  // A put's value as an ArrayBuffer (a promise when it must be read first).
  function bytesOf(value, what) {
    if (value === undefined || value === null) return new ArrayBuffer(0);
    if (typeof value === "string") return new TextEncoder().encode(value).buffer;
    if (value instanceof ArrayBuffer) return value.slice(0);
    if (ArrayBuffer.isView(value)) {
      return new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice().buffer;
    }
    if ((typeof Blob === "function" && value instanceof Blob) || (typeof ReadableStream === "function" && value instanceof ReadableStream)) {
      return new Response(value).arrayBuffer();
    }
    throw new TypeError(
      `Failed to execute '${what}' on 'R2Bucket': parameter 2 is not of type 'ReadableStream or ArrayBuffer or ArrayBufferView or string or Blob'.`,
    );
  }

  function hexToBytes(hex) {
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    return out.buffer;
  }

  function bytesToHex(buffer) {
    return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  class R2Checksums {
    constructor(md5) {
      if (md5 !== undefined) this.md5 = hexToBytes(md5);
    }

    toJSON() {
      const out = {};
      if (this.md5 !== undefined) out.md5 = bytesToHex(this.md5);
      return out;
    }
  }

  function httpMetadataFromAnswer(value) {
    if (value === undefined) return undefined;
    const out = {};
    for (const [field] of HTTP_FIELDS) if (value[field] !== undefined) out[field] = value[field];
    if (value.cacheExpiry !== undefined) out.cacheExpiry = new Date(value.cacheExpiry);
    return out;
  }

  class R2Object {
    constructor(info) {
      this.key = info.key;
      this.version = info.version;
      this.size = info.size;
      this.etag = info.etag;
      this.httpEtag = `"${info.etag}"`;
      this.checksums = new R2Checksums(info.md5);
      this.uploaded = new Date(info.uploaded);
      this.httpMetadata = httpMetadataFromAnswer(info.httpMetadata);
      this.customMetadata = info.customMetadata;
      this.range = info.range === undefined ? undefined : { offset: info.range.offset, length: info.range.length };
      this.storageClass = info.storageClass;
    }

    writeHttpMetadata(headers) {
      const metadata = this.httpMetadata;
      if (metadata === undefined) {
        throw new TypeError(`HTTP metadata unknown for key \`${this.key}\`. Did you forget to include httpMetadata in the list options?`);
      }
      for (const [field, header] of HTTP_FIELDS) {
        if (metadata[field] !== undefined) headers.set(header, metadata[field]);
      }
      if (metadata.cacheExpiry !== undefined) headers.set("expires", metadata.cacheExpiry.toUTCString());
    }
  }

  const bodies = new WeakMap();

  class R2ObjectBody extends R2Object {
    constructor(info, bytes) {
      super(info);
      bodies.set(this, new Response(bytes));
    }

    get body() {
      return bodies.get(this).body;
    }

    get bodyUsed() {
      return bodies.get(this).bodyUsed;
    }

    arrayBuffer() {
      return bodies.get(this).arrayBuffer();
    }

    bytes() {
      return bodies.get(this).arrayBuffer().then((b) => new Uint8Array(b));
    }

    text() {
      return bodies.get(this).text();
    }

    json() {
      return bodies.get(this).json();
    }

    blob() {
      return bodies.get(this).blob();
    }
  }

  function objectOf(answer) {
    return answer.object === undefined ? null : new R2Object(answer.object);
  }

  const uploads = new WeakMap();

  class R2MultipartUpload {
    constructor(binding, key, uploadId) {
      uploads.set(this, binding);
      this.key = key;
      this.uploadId = uploadId;
    }

    uploadPart(partNumber, value) {
      return attempt(() => this.#uploadPart(partNumber, value));
    }

    #uploadPart(partNumber, value) {
      const binding = uploads.get(this);
      const request = { op: "uploadPart", key: this.key, uploadId: this.uploadId, partNumber: Number(partNumber) };
      return Promise.resolve(bytesOf(value, "uploadPart"))
        .then((bytes) => call(binding, request, bytes))
        .then(({ answer }) => ({ partNumber: request.partNumber, etag: answer.etag }));
    }

    abort() {
      const request = { op: "abortMultipartUpload", key: this.key, uploadId: this.uploadId };
      return call(uploads.get(this), request).then(() => undefined);
    }

    complete(parts) {
      const list = Array.from(parts, (p) => ({ partNumber: Number(p.partNumber), etag: String(p.etag) }));
      const request = { op: "completeMultipartUpload", key: this.key, uploadId: this.uploadId, parts: list };
      return call(uploads.get(this), request).then(({ answer }) => objectOf(answer));
    }
  }

  const buckets = new WeakMap();

  function keyOf(key) {
    return String(key);
  }

  class R2Bucket {
    constructor(binding) {
      buckets.set(this, binding);
    }

    head(key) {
      return attempt(() => call(buckets.get(this), { op: "head", key: keyOf(key) }).then(({ answer }) => objectOf(answer)));
    }

    get(key, options) {
      return attempt(() => this.#get(key, options));
    }

    #get(key, options) {
      const request = {
        op: "get",
        key: keyOf(key),
        range: rangeOf(options?.range),
        onlyIf: conditionsOf(options?.onlyIf),
      };
      return call(buckets.get(this), request).then(({ answer, bytes }) => {
        if (answer.object === undefined) return null;
        return answer.body ? new R2ObjectBody(answer.object, bytes) : new R2Object(answer.object);
      });
    }

    put(key, value, options) {
      return attempt(() => this.#put(key, value, options));
    }

    #put(key, value, options) {
      const binding = buckets.get(this);
      let md5 = options?.md5;
      if (md5 instanceof ArrayBuffer || ArrayBuffer.isView(md5)) md5 = bytesToHex(md5);
      const request = {
        op: "put",
        key: keyOf(key),
        httpMetadata: httpMetadataOf(options?.httpMetadata),
        customMetadata: customMetadataOf(options?.customMetadata),
        onlyIf: conditionsOf(options?.onlyIf),
        md5: md5 === undefined ? undefined : String(md5),
        storageClass: options?.storageClass,
      };
      return Promise.resolve(bytesOf(value, "put"))
        .then((bytes) => call(binding, request, bytes))
        .then(({ answer }) => objectOf(answer));
    }

    delete(keys) {
      return attempt(() => this.#delete(keys));
    }

    #delete(keys) {
      const list = Array.isArray(keys) ? keys.map(keyOf) : [keyOf(keys)];
      return call(buckets.get(this), { op: "delete", keys: list }).then(() => undefined);
    }

    list(options) {
      return attempt(() => this.#list(options));
    }

    #list(options) {
      const include = options?.include === undefined ? [] : Array.from(options.include, String);
      for (const value of include) {
        if (value !== "httpMetadata" && value !== "customMetadata") throw new RangeError(`Unsupported include value ${value}`);
      }
      const request = {
        op: "list",
        prefix: options?.prefix,
        cursor: options?.cursor,
        delimiter: options?.delimiter,
        startAfter: options?.startAfter,
        limit: options?.limit,
        include,
      };
      return call(buckets.get(this), request).then(({ answer }) => {
        const result = {
          objects: answer.objects.map((o) => new R2Object(o)),
          truncated: answer.truncated,
          delimitedPrefixes: answer.delimitedPrefixes,
        };
        if (answer.cursor !== undefined) result.cursor = answer.cursor;
        return result;
      });
    }

    createMultipartUpload(key, options) {
      return attempt(() => this.#createMultipartUpload(key, options));
    }

    #createMultipartUpload(key, options) {
      const binding = buckets.get(this);
      const request = {
        op: "createMultipartUpload",
        key: keyOf(key),
        httpMetadata: httpMetadataOf(options?.httpMetadata),
        customMetadata: customMetadataOf(options?.customMetadata),
        storageClass: options?.storageClass,
      };
      return call(binding, request).then(({ answer }) => new R2MultipartUpload(binding, request.key, answer.uploadId));
    }

    resumeMultipartUpload(key, uploadId) {
      return new R2MultipartUpload(buckets.get(this), keyOf(key), String(uploadId));
    }
  }

  return {
    bucket(binding) {
      return new R2Bucket(binding);
    },
  };
});
