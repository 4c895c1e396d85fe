//! crosstalk's node:process, os, url, querystring, punycode, tty, perf_hooks, timers,
//! timers/promises, constants and module against workerd 1.20261117 (compatibility date
//! 2026-11-17, `nodejs_compat`): each test runs a worker whose answers workerd gave for
//! the same worker, line by line.

mod common;

use common::*;
use crosstalk_runtime::{MemorySource, Model, MsRange, RequestSpec, Syntax};

fn module_model(script: &str) -> Model {
    Model::new("m", Syntax::Module, MemorySource::single("worker.mjs", script))
}

/// node:process: workerd's keys and values (versions, features, config, release), cwd/chdir
/// over the virtual file system's directories with its errors, umask, hrtime (its errors;
/// the time is the virtual clock's), the no-op and not-implemented members, emitWarning
/// (its overloads, errors and 'warning' events) and process.assert.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn process_object_has_workerds_values_and_behaviour() {
    let model = module_model(
        r###"import process, { cwd, chdir, hrtime, umask, versions, features, exit, _events } from "node:process";
import { EventEmitter } from "node:events";
const out = [];
const t = (name, f) => {
  let v;
  try { v = f(); } catch (e) { v = { threw: String(e), name: e.name, code: e.code, keys: Object.keys(e).filter((k) => k !== "toString"), syscall: e.syscall, path: e.path, errno: e.errno }; }
  out.push(`${name}=${JSON.stringify(v === undefined ? "undefined" : v)}`);
};
export default { async fetch() {
  t("keys", () => Object.keys(process));
  t("tag", () => [Object.prototype.toString.call(process), process instanceof EventEmitter, globalThis.process === undefined || globalThis.process === process]);
  t("values", () => [process.version, process.title, process.argv, process.argv0, process.execArgv, process.arch, process.platform, process.pid, process.ppid, process.execPath, process.debugPort, process.exitCode, process.channel, process.connected, process.domain, process._exiting, process.noDeprecation, process.sourceMapsEnabled]);
  t("versions", () => [versions === process.versions, versions]);
  t("features", () => [Object.isFrozen(features), features]);
  t("config", () => [Object.isFrozen(process.config), process.config.target_defaults, Object.keys(process.config.variables).length, process.config.variables.node_module_version, process.config.variables.host_arch, process.config.variables.v8_enable_maglev]);
  t("release", () => process.release);
  t("events", () => [Object.keys(_events), process._eventsCount, process.listenerCount("newListener"), process.eventNames()]);
  t("cwd", () => [cwd(), process.cwd === cwd]);
  t("chdir", () => { chdir("/tmp"); const a = cwd(); chdir("../dev/./"); const b = cwd(); chdir(".."); const c = cwd(); chdir("bundle"); return [a, b, c, cwd()]; });
  t("chdirMissing", () => { chdir("/tmp"); try { chdir("nope"); } finally { chdir("/bundle"); } });
  t("chdirFile", () => chdir("/dev/null"));
  t("chdirEmpty", () => chdir(""));
  t("chdirType", () => chdir(5));
  t("chdirLong", () => { try { chdir("/" + "x".repeat(4100)); } catch (e) { return [e.code, e.message.length, e.syscall]; } });
  t("umask", () => [umask(), umask("0777"), umask(0o22), umask(undefined)]);
  t("umaskBad", () => umask("9"));
  t("umaskType", () => umask({}));
  t("umaskRange", () => umask(4294967296));
  t("hrtime", () => { const a = hrtime(); const d = hrtime(a); const b = hrtime.bigint(); return [a.length, Number.isInteger(a[0]), d, typeof b, BigInt(a[0]) * 1000000000n + BigInt(a[1]) === b]; });
  t("hrtimeType", () => hrtime(5));
  t("hrtimeLength", () => hrtime([1]));
  t("uptime", () => [process.uptime(), process.memoryUsage(), process.resourceUsage().maxRSS, process.constrainedMemory(), process.availableMemory()]);
  t("ids", () => [process.getuid(), process.geteuid(), process.getgid(), process.getegid(), process.getgroups(), process.setuid(0), process.setgid(0)]);
  t("setuid", () => process.setuid(1));
  t("setgroups", () => process.setgroups([0]));
  t("kill", () => process.kill(1));
  t("cpuUsage", () => process.cpuUsage());
  t("binding", () => process.binding("fs"));
  t("permission", () => process.permission.has("fs.read"));
  t("report", () => [process.report.getReport(), process.report.signal, process.report.compact]);
  t("writeReport", () => process.report.writeReport());
  t("finalization", () => process.finalization.register({}, () => {}));
  t("misc", () => [process.getSourceMapsSupport(), process.setSourceMapsEnabled(true), process.ref(), process.unref(), process._getActiveHandles(), process._getActiveRequests(), process._fatalException(), process.send(), process.openStdin() === process.stdin, process.allowedNodeEnvironmentFlags.size, process.moduleLoadList, process._preload_modules]);
  t("assert", () => process.assert(false, "boom"));
  t("assertOk", () => process.assert(1, "fine"));
  const warnings = [];
  process.on("warning", (w) => warnings.push([w.name, w.message, w.code ?? null, w.detail ?? null]));
  t("emitWarning", () => [process.emitWarning("w1"), process.emitWarning("w2", "DeprecationWarning", "DEP0001"), process.emitWarning("w3", { type: "X", code: "C", detail: "D" }), process.emitWarning(new TypeError("w4"), "Custom"), warnings.length]);
  t("emitWarningType", () => process.emitWarning(5));
  t("emitWarningOptions", () => process.emitWarning("x", 5));
  t("emitWarningCtor", () => process.emitWarning("x", "T", "C", 5));
  await Promise.resolve();
  t("warnings", () => warnings);
  t("nextTick", () => { const order = []; process.nextTick((a, b) => order.push(a + b), 1, 2); return order.length; });
  return new Response(out.join("\n"));
} };"###,
    )
    .with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        r###"keys=["assert","version","versions","title","argv","argv0","execArgv","arch","platform","config","pid","ppid","getegid","getgid","getgroups","geteuid","getuid","setegid","setgid","setgroups","seteuid","setuid","initgroups","setSourceMapsEnabled","getSourceMapsSupport","nextTick","emitWarning","env","exit","abort","getBuiltinModule","features","allowedNodeEnvironmentFlags","kill","ref","unref","chdir","cwd","umask","hrtime","uptime","loadEnvFile","exitCode","channel","connected","binding","debugPort","dlopen","finalization","getActiveResourcesInfo","setUncaughtExceptionCaptureCallback","hasUncaughtExceptionCaptureCallback","memoryUsage","noDeprecation","permission","release","report","resourceUsage","send","traceDeprecation","throwDeprecation","sourceMapsEnabled","threadCpuUsage","cpuUsage","execPath","constrainedMemory","availableMemory","execve","openStdin","_rawDebug","moduleLoadList","_linkedBinding","domain","_exiting","_getActiveRequests","_getActiveHandles","reallyExit","_kill","_fatalException","_tickCallback","_debugProcess","_debugEnd","_startProfilerIdleNotifier","_stopProfilerIdleNotifier","_preload_modules","_disconnect","_handleQueue","_pendingMessage","_channel","_send","_events","_eventsCount","_maxListeners","stdin","stdout","stderr"]
tag=["[object process]",true,true]
values=["v22.23.4","workerd",["workerd"],"workerd",[],"x64","linux",1,0,"",0,null,null,false,null,false,false,false]
versions=[true,{"node":"22.23.4","v8":"","modules":"","zlib":"","brotli":"","zstd":"","ares":"","napi":"","llhttp":"","nghttp2":"","acorn":"","ada":"","simdutf":"","nbytes":"","ncrypto":"","uvwasi":"","uv":"","openssl":"","sqlite":"","icu":"","undici":"","simdjson":"","unicode":"","cldr":"","tz":"","cjs_module_lexer":"","amaro":"","merve":""}]
features=[true,{"cached_builtins":true,"debug":false,"inspector":false,"ipv6":true,"openssl_is_boringssl":true,"require_module":false,"tls":true,"tls_alpn":true,"tls_ocsp":true,"tls_sni":true,"typescript":false,"uv":true}]
config=[true,{"default_configuration":"Release"},106,127,"x64",1]
release={"name":"node","lts":true,"sourceUrl":"","headersUrl":""}
events=[["newListener"],1,1,["newListener"]]
cwd=["/bundle",true]
chdir=["/tmp","/dev","/","/bundle"]
chdirMissing={"threw":"Error: no such file or directory, chdir 'tmp/nope'","name":"Error","code":"ENOENT","keys":["syscall","code","path"],"syscall":"chdir","path":"tmp/nope"}
chdirFile={"threw":"Error: not a directory, chdir 'dev/null'","name":"Error","code":"ENOTDIR","keys":["syscall","code","path"],"syscall":"chdir","path":"dev/null"}
chdirEmpty={"threw":"Error: no such file or directory","name":"Error","code":"ENOENT","keys":["syscall","code"],"syscall":"chdir"}
chdirType={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"directory\" argument must be of type string. Received type number (5)","name":"TypeError","code":"ERR_INVALID_ARG_TYPE","keys":["code","name"]}
chdirLong=["ENAMETOOLONG",4124,"chdir"]
umask=[18,18,18,18]
umaskBad={"threw":"TypeError [ERR_INVALID_ARG_VALUE]: The argument 'mask' must be a 32-bit unsigned integer or an octal string. Received '9'","name":"TypeError","code":"ERR_INVALID_ARG_VALUE","keys":["code","name"]}
umaskType={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"mask\" argument must be of type number. Received an instance of Object","name":"TypeError","code":"ERR_INVALID_ARG_TYPE","keys":["code","name"]}
umaskRange={"threw":"TypeError [ERR_INVALID_ARG_VALUE]: The argument 'mask' must be a 32-bit unsigned integer or an octal string. Received 4294967296","name":"TypeError","code":"ERR_INVALID_ARG_VALUE","keys":["code","name"]}
hrtime=[2,true,[0,0],"bigint",true]
hrtimeType={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"time\" argument must be tuple of integers. Received type number (5)","name":"TypeError","code":"ERR_INVALID_ARG_TYPE","keys":["code","name"]}
hrtimeLength={"threw":"RangeError: The value of \"time\" is out of range. It must be 2. Received [ 1 ]","name":"RangeError","code":"ERR_OUT_OF_RANGE","keys":["code","name"]}
uptime=[0,{"rss":0,"heapTotal":0,"heapUsed":0,"external":0,"arrayBuffers":0},0,0,0]
ids=[0,0,0,0,[0],null,null]
setuid={"threw":"Error [EPERM]: operation not permitted","name":"Error","code":"EPERM","keys":["code","name","syscall","errno","path"],"syscall":"setuid","errno":1}
setgroups={"threw":"Error [EPERM]: operation not permitted","name":"Error","code":"EPERM","keys":["code","name","syscall","errno","path"],"syscall":"setgroups","errno":1}
kill={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The process.kill method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED","keys":["code","name"]}
cpuUsage={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The process.cpuUsage method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED","keys":["code","name"]}
binding={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The process.binding method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED","keys":["code","name"]}
permission={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The process.permission.has method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED","keys":["code","name"]}
report=[{},"SIGUSR2",false]
writeReport={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The process.report.writeReport method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED","keys":["code","name"]}
finalization={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The process.finalization.register method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED","keys":["code","name"]}
misc=[{"enabled":false,"nodeModules":false,"generatedCode":false},null,null,null,[],[],false,false,true,0,[],[]]
assert={"threw":"AssertionError [ERR_ASSERTION]: boom","name":"AssertionError","code":"ERR_ASSERTION","keys":["generatedMessage","code","actual","expected","operator"]}
assertOk="undefined"
emitWarning=[null,null,null,null,0]
emitWarningType={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"warning\" argument must be an string or Error. Received type number (5)","name":"TypeError","code":"ERR_INVALID_ARG_TYPE","keys":["code","name"]}
emitWarningOptions={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"options\" argument must be of type object. Received type number (5)","name":"TypeError","code":"ERR_INVALID_ARG_TYPE","keys":["code","name"]}
emitWarningCtor={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"ctor\" argument must be of type function. Received type number (5)","name":"TypeError","code":"ERR_INVALID_ARG_TYPE","keys":["code","name"]}
warnings=[["Warning","w1",null,null],["DeprecationWarning","w2","DEP0001",null],["X","w3","C","D"],["Custom","w4",null,null]]
nextTick=0"###,
    );
}

/// node:url: the legacy API (parse with parseQueryString and slashesDenoteHost, Url, format of
/// a legacy object, of a string and of a URL with its options, resolve, resolveObject) over
/// many inputs, the domain helpers and the file URL helpers, with workerd's errors.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_url_legacy_parse_format_and_resolve_answer_as_workerd() {
    let model = module_model(
        r###"import url, { parse, format, resolve, resolveObject, Url, domainToASCII, domainToUnicode, fileURLToPath, pathToFileURL, toPathIfFileURL, urlToHttpOptions } from "node:url";
const out = [];
const t = (name, f) => {
  let v;
  try { v = f(); } catch (e) { v = { threw: String(e), name: e.name, code: e.code, input: e.input }; }
  out.push(`${name}=${JSON.stringify(v === undefined ? "undefined" : v)}`);
};
const inputs = [
  "http://user:pass@Host.COM:8080/p/a/t/h?query=string&a=1&a=2#hash", "https://example.com", "//foo/bar",
  "/path?x=1", "path/to?y#z", "mailto:someone@x.com", "javascript:alert(1)", "file:///etc/passwd",
  "http://[::1]:3000/x", "http://a b.com/", "  http://trim.com/  ", "http://x.com\\path\\to",
  "http://x.com/a b<c>\"d'e`{f}|g^", "foo:bar", "http://münchen.de/", "?q=1", "#frag", "", "http://a@b@c/",
  "http://x.com?#", "http://x.com/p?q=a+b%20c", "http:x.com/a", "http://%41.com/", "http://x.com/\tz\n",
  "http://ab\u00a0c/",
];
export default { async fetch() {
  inputs.forEach((u, i) => {
    t(`parse${i}`, () => parse(u));
    t(`query${i}`, () => parse(u, true).query);
    t(`host${i}`, () => { const p = parse(u, false, true); return [p.host, p.pathname, p.href]; });
  });
  t("shape", () => [Object.keys(new Url()), parse("http://x") instanceof Url, parse(parse("http://y")).host, Object.getPrototypeOf(parse("/?a=1", true).query)]);
  t("parseType", () => parse(5));
  const pairs = [["/one/two/three", "four"], ["http://example.com/", "/one"], ["http://a/b/c/d;p?q", "g"], ["http://a/b/c/d;p?q", "../../../g"], ["http://a/b/c/d;p?q", "//g"], ["http://a/b/c/d;p?q", "?y"], ["http://a/b/c/d;p?q", "#s"], ["http://a/b/c/d;p?q", ""], ["http://a/b/c/d;p?q", ".."], ["http://a/b/c/d;p?q", "https://other/x"], ["mailto:a@b", "c@d"], ["a/b", "../../c"], ["http://u:p@x.com/a", "//y.com/b"], ["http://x.com", "https:"], ["http://x.com/a", "http:b"], ["file:///a/b", "c"], ["http://x.com/a/b", "./c/../d/."]];
  pairs.forEach(([a, b], i) => t(`resolve${i}`, () => [resolve(a, b), resolveObject(a, b).pathname]));
  t("resolveEmpty", () => resolveObject("", "x"));
  const objects = [{ protocol: "http", host: "x.com", pathname: "/a", search: "?b=1", hash: "c" }, { protocol: "https:", hostname: "x.com", port: 8080, pathname: "a b#?", query: { a: [1, 2], b: "x y" } }, { hostname: "::1", port: 3 }, { protocol: "file", pathname: "/etc" }, { protocol: "mailto", auth: "a b:c@d", host: "x" }, { slashes: true, host: "x", pathname: "y" }, { protocol: "ftp", search: "a#b" }, {}];
  objects.forEach((o, i) => t(`format${i}`, () => format(o)));
  t("formatString", () => format("http://X.com/a b"));
  t("formatType", () => format(5));
  t("formatURL", () => [format(new URL("http://u:p@xn--mnchen-3ya.de/a?b#c")), format(new URL("http://u:p@xn--mnchen-3ya.de/a?b#c"), { auth: false, search: false, fragment: false, unicode: true })]);
  t("formatOptions", () => format(new URL("http://x"), 5));
  t("domains", () => [domainToASCII("münchen.de"), domainToASCII("xn--iñvalid.com"), domainToUnicode("xn--mnchen-3ya.de"), domainToASCII("EXAMPLE.com")]);
  t("domainMissing", () => domainToASCII());
  t("fileURLToPath", () => [fileURLToPath("file:///a/b%20c"), fileURLToPath(new URL("file:///x/y")), fileURLToPath("file:///C:/a/b", { windows: true })]);
  t("fileURLScheme", () => fileURLToPath("http://x"));
  t("fileURLHost", () => fileURLToPath("file://host/x"));
  t("fileURLSlash", () => fileURLToPath("file:///a%2fb"));
  t("fileURLType", () => fileURLToPath(5));
  t("pathToFileURL", () => [pathToFileURL("/a b/c#d?e").href, pathToFileURL("rel/x").href, pathToFileURL("/a/").href, pathToFileURL("/a%b~c[d]^|\\").href, pathToFileURL("C:\\x\\y", { windows: true }).href]);
  t("pathType", () => pathToFileURL(5));
  t("toPathIfFileURL", () => [toPathIfFileURL(new URL("file:///q")), toPathIfFileURL("file:///q")]);
  t("urlToHttpOptions", () => urlToHttpOptions(new URL("http://u:p%20@[::1]:99/a?b#c")));
  t("default", () => [Object.keys(url), url.parse === parse, url.URL === URL]);
  return new Response(out.join("\n"));
} };"###,
    )
    .with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        r###"parse0={"protocol":"http:","slashes":true,"auth":"user:pass","host":"host.com:8080","port":"8080","hostname":"host.com","hash":"#hash","search":"?query=string&a=1&a=2","query":"query=string&a=1&a=2","pathname":"/p/a/t/h","path":"/p/a/t/h?query=string&a=1&a=2","href":"http://user:pass@host.com:8080/p/a/t/h?query=string&a=1&a=2#hash"}
query0={"query":"string","a":["1","2"]}
host0=["host.com:8080","/p/a/t/h","http://user:pass@host.com:8080/p/a/t/h?query=string&a=1&a=2#hash"]
parse1={"protocol":"https:","slashes":true,"auth":null,"host":"example.com","port":null,"hostname":"example.com","hash":null,"search":null,"query":null,"pathname":"/","path":"/","href":"https://example.com/"}
query1={}
host1=["example.com","/","https://example.com/"]
parse2={"protocol":null,"slashes":null,"auth":null,"host":null,"port":null,"hostname":null,"hash":null,"search":null,"query":null,"pathname":"//foo/bar","path":"//foo/bar","href":"//foo/bar"}
query2={}
host2=["foo","/bar","//foo/bar"]
parse3={"protocol":null,"slashes":null,"auth":null,"host":null,"port":null,"hostname":null,"hash":null,"search":"?x=1","query":"x=1","pathname":"/path","path":"/path?x=1","href":"/path?x=1"}
query3={"x":"1"}
host3=[null,"/path","/path?x=1"]
parse4={"protocol":null,"slashes":null,"auth":null,"host":null,"port":null,"hostname":null,"hash":"#z","search":"?y","query":"y","pathname":"path/to","path":"path/to?y","href":"path/to?y#z"}
query4={"y":""}
host4=[null,"path/to","path/to?y#z"]
parse5={"protocol":"mailto:","slashes":null,"auth":"someone","host":"x.com","port":null,"hostname":"x.com","hash":null,"search":null,"query":null,"pathname":null,"path":null,"href":"mailto:someone@x.com"}
query5={}
host5=["x.com",null,"mailto:someone@x.com"]
parse6={"protocol":"javascript:","slashes":null,"auth":null,"host":null,"port":null,"hostname":null,"hash":null,"search":null,"query":null,"pathname":"alert(1)","path":"alert(1)","href":"javascript:alert(1)"}
query6={}
host6=[null,"alert(1)","javascript:alert(1)"]
parse7={"protocol":"file:","slashes":true,"auth":null,"host":"","port":null,"hostname":"","hash":null,"search":null,"query":null,"pathname":"/etc/passwd","path":"/etc/passwd","href":"file:///etc/passwd"}
query7={}
host7=["","/etc/passwd","file:///etc/passwd"]
parse8={"protocol":"http:","slashes":true,"auth":null,"host":"[::1]:3000","port":"3000","hostname":"::1","hash":null,"search":null,"query":null,"pathname":"/x","path":"/x","href":"http://[::1]:3000/x"}
query8={}
host8=["[::1]:3000","/x","http://[::1]:3000/x"]
parse9={"protocol":"http:","slashes":true,"auth":null,"host":"a","port":null,"hostname":"a","hash":null,"search":null,"query":null,"pathname":"%20b.com/","path":"%20b.com/","href":"http://a/%20b.com/"}
query9={}
host9=["a","%20b.com/","http://a/%20b.com/"]
parse10={"protocol":"http:","slashes":true,"auth":null,"host":"trim.com","port":null,"hostname":"trim.com","hash":null,"search":null,"query":null,"pathname":"/","path":"/","href":"http://trim.com/"}
query10={}
host10=["trim.com","/","http://trim.com/"]
parse11={"protocol":"http:","slashes":true,"auth":null,"host":"x.com","port":null,"hostname":"x.com","hash":null,"search":null,"query":null,"pathname":"/path/to","path":"/path/to","href":"http://x.com/path/to"}
query11={}
host11=["x.com","/path/to","http://x.com/path/to"]
parse12={"protocol":"http:","slashes":true,"auth":null,"host":"x.com","port":null,"hostname":"x.com","hash":null,"search":null,"query":null,"pathname":"/a%20b%3Cc%3E%22d%27e%60%7Bf%7D%7Cg%5E","path":"/a%20b%3Cc%3E%22d%27e%60%7Bf%7D%7Cg%5E","href":"http://x.com/a%20b%3Cc%3E%22d%27e%60%7Bf%7D%7Cg%5E"}
query12={}
host12=["x.com","/a%20b%3Cc%3E%22d%27e%60%7Bf%7D%7Cg%5E","http://x.com/a%20b%3Cc%3E%22d%27e%60%7Bf%7D%7Cg%5E"]
parse13={"protocol":"foo:","slashes":null,"auth":null,"host":"bar","port":null,"hostname":"bar","hash":null,"search":null,"query":null,"pathname":null,"path":null,"href":"foo:bar"}
query13={}
host13=["bar",null,"foo:bar"]
parse14={"protocol":"http:","slashes":true,"auth":null,"host":"xn--mnchen-3ya.de","port":null,"hostname":"xn--mnchen-3ya.de","hash":null,"search":null,"query":null,"pathname":"/","path":"/","href":"http://xn--mnchen-3ya.de/"}
query14={}
host14=["xn--mnchen-3ya.de","/","http://xn--mnchen-3ya.de/"]
parse15={"protocol":null,"slashes":null,"auth":null,"host":null,"port":null,"hostname":null,"hash":null,"search":"?q=1","query":"q=1","pathname":null,"path":"?q=1","href":"?q=1"}
query15={"q":"1"}
host15=[null,null,"?q=1"]
parse16={"protocol":null,"slashes":null,"auth":null,"host":null,"port":null,"hostname":null,"hash":"#frag","search":null,"query":null,"pathname":null,"path":null,"href":"#frag"}
query16={}
host16=[null,null,"#frag"]
parse17={"protocol":null,"slashes":null,"auth":null,"host":null,"port":null,"hostname":null,"hash":null,"search":null,"query":null,"pathname":null,"path":null,"href":""}
query17={}
host17=[null,null,""]
parse18={"protocol":"http:","slashes":true,"auth":"a@b","host":"c","port":null,"hostname":"c","hash":null,"search":null,"query":null,"pathname":"/","path":"/","href":"http://a%40b@c/"}
query18={}
host18=["c","/","http://a%40b@c/"]
parse19={"protocol":"http:","slashes":true,"auth":null,"host":"x.com","port":null,"hostname":"x.com","hash":"#","search":"?","query":"","pathname":"/","path":"/?","href":"http://x.com/?#"}
query19={}
host19=["x.com","/","http://x.com/?#"]
parse20={"protocol":"http:","slashes":true,"auth":null,"host":"x.com","port":null,"hostname":"x.com","hash":null,"search":"?q=a+b%20c","query":"q=a+b%20c","pathname":"/p","path":"/p?q=a+b%20c","href":"http://x.com/p?q=a+b%20c"}
query20={"q":"a b c"}
host20=["x.com","/p","http://x.com/p?q=a+b%20c"]
parse21={"protocol":"http:","slashes":null,"auth":null,"host":null,"port":null,"hostname":null,"hash":null,"search":null,"query":null,"pathname":"x.com/a","path":"x.com/a","href":"http:x.com/a"}
query21={}
host21=[null,"x.com/a","http:x.com/a"]
parse22={"protocol":"http:","slashes":true,"auth":null,"host":"","port":null,"hostname":"","hash":null,"search":null,"query":null,"pathname":"%41.com/","path":"%41.com/","href":"http:///%41.com/"}
query22={}
host22=["","%41.com/","http:///%41.com/"]
parse23={"protocol":"http:","slashes":true,"auth":null,"host":"x.com","port":null,"hostname":"x.com","hash":null,"search":null,"query":null,"pathname":"/%09z","path":"/%09z","href":"http://x.com/%09z"}
query23={}
host23=["x.com","/%09z","http://x.com/%09z"]
parse24={"threw":"Error [ERR_INVALID_URL]: Invalid URL","name":"Error","code":"ERR_INVALID_URL","input":"http://ab c/"}
query24={"threw":"Error [ERR_INVALID_URL]: Invalid URL","name":"Error","code":"ERR_INVALID_URL","input":"http://ab c/"}
host24={"threw":"Error [ERR_INVALID_URL]: Invalid URL","name":"Error","code":"ERR_INVALID_URL","input":"http://ab c/"}
shape=[["protocol","slashes","auth","host","port","hostname","hash","search","query","pathname","path","href"],true,"y",null]
parseType={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"url\" argument must be of type string. Received type number (5)","name":"TypeError","code":"ERR_INVALID_ARG_TYPE"}
resolve0=["/one/two/four","/one/two/four"]
resolve1=["http://example.com/one","/one"]
resolve2=["http://a/b/c/g","/b/c/g"]
resolve3=["http://a/g","/g"]
resolve4=["http://g/","/"]
resolve5=["http://a/b/c/d;p?y","/b/c/d;p"]
resolve6=["http://a/b/c/d;p?q#s","/b/c/d;p"]
resolve7=["http://a/b/c/d;p?q","/b/c/d;p"]
resolve8=["http://a/b/","/b/"]
resolve9=["https://other/x","/x"]
resolve10=["mailto:c@d",null]
resolve11=["../c","../c"]
resolve12=["http://y.com/b","/b"]
resolve13=["https:///","/"]
resolve14=["http://x.com/b","/b"]
resolve15=["file:///a/c","/a/c"]
resolve16=["http://x.com/a/d/","/a/d/"]
resolveEmpty="x"
format0="http://x.com/a?b=1#c"
format1="https://x.com:8080/a b%23%3F?a=1&a=2&b=x%20y"
format2="[::1]:3"
format3="file:///etc"
format4="mailto:a%20b:c%40d@x"
format5="//x/y"
format6="ftp:?a%23b"
format7=""
formatString="http://x.com/a%20b"
formatType={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"urlObject\" argument must be one of type object or string. Received type number (5)","name":"TypeError","code":"ERR_INVALID_ARG_TYPE"}
formatURL=["http://u:p@xn--mnchen-3ya.de/a?b#c","http://münchen.de/a"]
formatOptions={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"options\" argument must be of type object. Received type number (5)","name":"TypeError","code":"ERR_INVALID_ARG_TYPE"}
domains=["xn--mnchen-3ya.de","","münchen.de","example.com"]
domainMissing={"threw":"TypeError [ERR_MISSING_ARGS]: The \"domain\" argument must be specified","name":"TypeError","code":"ERR_MISSING_ARGS"}
fileURLToPath=["/a/b c","/x/y","C:\\a\\b"]
fileURLScheme={"threw":"Error [ERR_INVALID_URL_SCHEME]: The URL must be of scheme file","name":"Error","code":"ERR_INVALID_URL_SCHEME"}
fileURLHost={"threw":"Error [ERR_INVALID_FILE_URL_HOST]: File URL host must be \"localhost\" or empty on linux","name":"Error","code":"ERR_INVALID_FILE_URL_HOST"}
fileURLSlash={"threw":"Error [ERR_INVALID_FILE_URL_PATH]: File URL path must not include encoded / characters","name":"Error","code":"ERR_INVALID_FILE_URL_PATH"}
fileURLType={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"path\" argument must be of type string or an instance of URL. Received type number (5)","name":"TypeError","code":"ERR_INVALID_ARG_TYPE"}
pathToFileURL=["file:///a%20b/c%23d%3Fe","file:///rel/x","file:///a/","file:///a%25b%7Ec%5Bd%5D%5E%7C%5C","file:///C:/x/y"]
pathType={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"filepath\" argument must be of type string. Received type number (5)","name":"TypeError","code":"ERR_INVALID_ARG_TYPE"}
toPathIfFileURL=["/q","file:///q"]
urlToHttpOptions={"protocol":"http:","hostname":"::1","hash":"#c","search":"?b","pathname":"/a","path":"/a?b","href":"http://u:p%20@[::1]:99/a?b#c","port":99,"auth":"u:p "}
default=[["domainToASCII","domainToUnicode","URL","URLSearchParams","fileURLToPath","pathToFileURL","toPathIfFileURL","urlToHttpOptions","format","parse","resolve","resolveObject","Url"],true,true]"###,
    );
}

/// node:querystring (parse with separators, maxKeys and a decoder, repeated keys, malformed
/// escapes; stringify of every value type; escape/unescape/unescapeBuffer) and node:punycode
/// (encode/decode, toASCII/toUnicode, ucs2, its RangeErrors).
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_querystring_and_punycode_answer_as_workerd() {
    let model = module_model(
        r###"import qs, { parse, stringify, escape, unescape, unescapeBuffer, decode, encode } from "node:querystring";
import punycode from "node:punycode";
const out = [];
const t = (name, f) => {
  let v;
  try { v = f(); } catch (e) { v = { threw: String(e), name: e.name, code: e.code }; }
  out.push(`${name}=${JSON.stringify(v === undefined ? "undefined" : v)}`);
};
export default { async fetch() {
  ["a=1&b=2&a=3", "a[]=1&a[]=2", "x=%E4%BD%A0&y=a+b", "=v&k=&&k2", "a=%zz&b=%41", "__proto__=1&constructor=2", "a=%F0%9F%98%80", "a==b", "%41%42=c", "a+b=c+d", "a&a&a=1"].forEach((s, i) => t(`parse${i}`, () => parse(s)));
  t("separators", () => [parse("a:1;b:2", ";", ":"), parse("a<>1||b<>2", "||", "<>"), parse("a=1&b=2&c=3", null, null, { maxKeys: 2 }), parse("a=1&b=2", null, null, { maxKeys: 0 }), parse("a=%41", null, null, { decodeURIComponent: (s) => s.toUpperCase() })]);
  t("parseEdge", () => [Object.getPrototypeOf(parse("a=1")), parse(5), parse(""), decode === parse]);
  t("stringify", () => [stringify({ a: 1, b: [2, 3], c: "x y", d: true, e: null, f: undefined, g: {}, h: NaN, i: 1e21, j: 5n, k: [], "ü": "é", "s p": "~!*()'" }), stringify({ a: 1, b: 2 }, ";", ":"), stringify({ a: "x" }, null, null, { encodeURIComponent: (s) => s.toUpperCase() }), stringify("str"), stringify(null), encode({ z: "\ud83d\ude00" }), encode === stringify]);
  t("stringifyLone", () => stringify({ a: "\ud800" }));
  t("escape", () => [escape("a b&c=d/é~!*()'"), escape(5), escape({ toString() { return "x y"; } }), unescape("a%20b+c"), unescape("%zz%41"), unescape("a+b", true)]);
  t("unescapeBuffer", () => { const b = unescapeBuffer("a%20b+c%zz%4"); return [b.constructor.name, b.toString(), b.length, unescapeBuffer("a+b", true).toString(), unescapeBuffer("abc").length]; });
  t("qsKeys", () => Object.keys(qs));
  t("punycode", () => [punycode.version, punycode.encode("mañana"), punycode.decode("maana-pta"), punycode.toASCII("mañana.com"), punycode.toASCII("user@mañana.com"), punycode.toUnicode("xn--maana-pta.com"), punycode.toUnicode("XN--MAANA-PTA.com"), punycode.ucs2.decode("\ud83d\ude00a\ud800"), punycode.ucs2.encode([0x1f600, 97]), punycode.toASCII("a\u3002b"), punycode.encode("☃-⌘"), punycode.decode("--"), punycode.encode(""), punycode.toASCII("ДОМ.рф")]);
  t("punycodeNotBasic", () => punycode.decode("ü-a"));
  t("punycodeOverflow", () => punycode.decode("a-9999999999"));
  t("punycodeInvalid", () => punycode.decode("zz!"));
  t("punyKeys", () => Object.keys(punycode));
  return new Response(out.join("\n"));
} };"###,
    )
    .with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        r###"parse0={"a":["1","3"],"b":"2"}
parse1={"a[]":["1","2"]}
parse2={"x":"你","y":"a b"}
parse3={"":"v","k":"","k2":""}
parse4={"a":"%zz","b":"A"}
parse5={"__proto__":"1","constructor":"2"}
parse6={"a":"😀"}
parse7={"a":"=b"}
parse8={"AB":"c"}
parse9={"a b":"c d"}
parse10={"a":["","","1"]}
separators=[{"a":"1","b":"2"},{"a":"1","b":"2"},{"a":"1","b":"2"},{"a":"1","b":"2"},{"A":"%41"}]
parseEdge=[null,{},{},true]
stringify=["a=1&b=2&b=3&c=x%20y&d=true&e=&f=&g=&h=&i=1e%2B21&j=5&%C3%BC=%C3%A9&s%20p=~!*()'","a:1;b:2","A=X","","","z=%F0%9F%98%80",true]
stringifyLone={"threw":"URIError [ERR_INVALID_URI]: URI malformed","name":"URIError","code":"ERR_INVALID_URI"}
escape=["a%20b%26c%3Dd%2F%C3%A9~!*()'","5","x%20y","a b+c","%zzA","a+b"]
unescapeBuffer=["Buffer","a b+c%zz%4",10,"a b",3]
qsKeys=["decode","encode","escape","parse","stringify","unescape","unescapeBuffer"]
punycode=["2.1.0","maana-pta","mañana","xn--maana-pta.com","user@xn--maana-pta.com","mañana.com","XN--MAANA-PTA.com",[128512,97,55296],"😀a","a.b","--dqo34k","-","","xn--g0aqf.xn--p1ai"]
punycodeNotBasic={"threw":"RangeError: Illegal input >= 0x80 (not a basic code point)","name":"RangeError"}
punycodeOverflow={"threw":"RangeError: Overflow: input needs wider integers to process","name":"RangeError"}
punycodeInvalid={"threw":"RangeError: Invalid input","name":"RangeError"}
punyKeys=["version","ucs2","decode","encode","toASCII","toUnicode"]"###,
    );
}

/// node:os: every function's value, the argument checks, and the frozen constants (errno,
/// signals, priority, dlopen); node:constants' count and some values.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_os_and_node_constants_have_workerds_values() {
    let model = module_model(
        r###"import os, * as ns from "node:os";
import constants from "node:constants";
const out = [];
const t = (name, f) => {
  let v;
  try { v = f(); } catch (e) { v = { threw: String(e), name: e.name, code: e.code }; }
  out.push(`${name}=${JSON.stringify(v === undefined ? "undefined" : v)}`);
};
export default { async fetch() {
  t("values", () => [os.EOL, os.devNull, os.arch(), os.availableParallelism(), os.cpus(), os.endianness(), os.freemem(), os.getPriority(), os.getPriority(1), os.homedir(), os.hostname(), os.loadavg(), os.machine(), os.networkInterfaces(), os.platform(), os.release(), os.tmpdir(), os.totalmem(), os.type(), os.uptime(), os.userInfo(), os.userInfo({ encoding: "buffer" }), os.version(), os.setPriority(1, 2)]);
  t("getPriority", () => os.getPriority("x"));
  t("setPriority", () => os.setPriority(1));
  t("setPriorityPid", () => os.setPriority("1", 2));
  t("userInfoEncoding", () => os.userInfo({ encoding: "nope" }));
  t("userInfoOptions", () => os.userInfo(5));
  t("userInfoNull", () => os.userInfo(null));
  t("constants", () => [Object.getPrototypeOf(os.constants), Object.isFrozen(os.constants), Object.keys(os.constants), os.constants.UV_UDP_REUSEADDR, os.constants.dlopen, os.constants.priority]);
  t("errno", () => [Object.isFrozen(os.constants.errno), Object.keys(os.constants.errno).length, os.constants.errno]);
  t("signals", () => [Object.isFrozen(os.constants.signals), os.constants.signals]);
  t("keys", () => [Object.keys(os), Object.keys(ns)]);
  t("nodeConstants", () => [Object.keys(constants).length, constants.O_RDONLY, constants.ENOENT, constants.SIGTERM, constants.EADDRINUSE, constants.defaultCipherList, constants.UV_FS_COPYFILE_EXCL, constants.S_IFMT]);
  return new Response(out.join("\n"));
} };"###,
    )
    .with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        r###"values=["\n","/dev/null","x64",1,[],"LE",0,0,0,"/tmp/","localhost",[0,0,0],"x86_64",{},"linux","","/tmp/",0,"Linux",0,{},{},"",null]
getPriority={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"pid\" argument must be of type number. Received type string ('x')","name":"TypeError","code":"ERR_INVALID_ARG_TYPE"}
setPriority={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"priority\" argument must be of type number. Received undefined","name":"TypeError","code":"ERR_INVALID_ARG_TYPE"}
setPriorityPid={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"pid\" argument must be of type number. Received type string ('1')","name":"TypeError","code":"ERR_INVALID_ARG_TYPE"}
userInfoEncoding={"threw":"TypeError [ERR_INVALID_ARG_VALUE]: The property 'options.encoding' must be a valid encoding. Received 'nope'","name":"TypeError","code":"ERR_INVALID_ARG_VALUE"}
userInfoOptions={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"options\" argument must be of type object. Received type number (5)","name":"TypeError","code":"ERR_INVALID_ARG_TYPE"}
userInfoNull={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"options\" argument must be of type object. Received null","name":"TypeError","code":"ERR_INVALID_ARG_TYPE"}
constants=[null,true,["UV_UDP_REUSEADDR","dlopen","errno","signals","priority"],4,{"RTLD_LAZY":1,"RTLD_NOW":2,"RTLD_GLOBAL":256,"RTLD_LOCAL":0,"RTLD_DEEPBIND":8},{"PRIORITY_LOW":19,"PRIORITY_BELOW_NORMAL":10,"PRIORITY_NORMAL":0,"PRIORITY_ABOVE_NORMAL":-7,"PRIORITY_HIGH":-14,"PRIORITY_HIGHEST":-20}]
errno=[true,79,{"E2BIG":7,"EACCES":13,"EADDRINUSE":98,"EADDRNOTAVAIL":99,"EAFNOSUPPORT":97,"EAGAIN":11,"EALREADY":114,"EBADF":9,"EBADMSG":74,"EBUSY":16,"ECANCELED":125,"ECHILD":10,"ECONNABORTED":103,"ECONNREFUSED":111,"ECONNRESET":104,"EDEADLK":35,"EDESTADDRREQ":89,"EDOM":33,"EDQUOT":122,"EEXIST":17,"EFAULT":14,"EFBIG":27,"EHOSTUNREACH":113,"EIDRM":43,"EILSEQ":84,"EINPROGRESS":115,"EINTR":4,"EINVAL":22,"EIO":5,"EISCONN":106,"EISDIR":21,"ELOOP":40,"EMFILE":24,"EMLINK":31,"EMSGSIZE":90,"EMULTIHOP":72,"ENAMETOOLONG":36,"ENETDOWN":100,"ENETRESET":102,"ENETUNREACH":101,"ENFILE":23,"ENOBUFS":105,"ENODATA":61,"ENODEV":19,"ENOENT":2,"ENOEXEC":8,"ENOLCK":37,"ENOLINK":67,"ENOMEM":12,"ENOMSG":42,"ENOPROTOOPT":92,"ENOSPC":28,"ENOSR":63,"ENOSTR":60,"ENOSYS":38,"ENOTCONN":107,"ENOTDIR":20,"ENOTEMPTY":39,"ENOTSOCK":88,"ENOTSUP":95,"ENOTTY":25,"ENXIO":6,"EOPNOTSUPP":95,"EOVERFLOW":75,"EPERM":1,"EPIPE":32,"EPROTO":71,"EPROTONOSUPPORT":93,"EPROTOTYPE":91,"ERANGE":34,"EROFS":30,"ESPIPE":29,"ESRCH":3,"ESTALE":116,"ETIME":62,"ETIMEDOUT":110,"ETXTBSY":26,"EWOULDBLOCK":11,"EXDEV":18}]
signals=[true,{"SIGHUP":1,"SIGINT":2,"SIGQUIT":3,"SIGILL":4,"SIGTRAP":5,"SIGABRT":6,"SIGIOT":6,"SIGBUS":7,"SIGFPE":8,"SIGKILL":9,"SIGUSR1":10,"SIGSEGV":11,"SIGUSR2":12,"SIGPIPE":13,"SIGALRM":14,"SIGTERM":15,"SIGCHLD":17,"SIGSTKFLT":16,"SIGCONT":18,"SIGSTOP":19,"SIGTSTP":20,"SIGTTIN":21,"SIGTTOU":22,"SIGURG":23,"SIGXCPU":24,"SIGXFSZ":25,"SIGVTALRM":26,"SIGPROF":27,"SIGWINCH":28,"SIGIO":29,"SIGPOLL":29,"SIGPWR":30,"SIGSYS":31}]
keys=[["EOL","devNull","constants","availableParallelism","arch","cpus","endianness","freemem","getPriority","homedir","hostname","loadavg","machine","networkInterfaces","platform","release","setPriority","tmpdir","totalmem","type","uptime","userInfo","version"],["EOL","arch","availableParallelism","constants","cpus","default","devNull","endianness","freemem","getPriority","homedir","hostname","loadavg","machine","networkInterfaces","platform","release","setPriority","tmpdir","totalmem","type","uptime","userInfo","version"]]
nodeConstants=[239,0,2,15,48,"",1,61440]"###,
    );
}

/// node:timers (Timeout, Immediate, clearImmediate, active/unenroll/enroll) and
/// node:timers/promises (setTimeout/setImmediate with their checks and AbortSignal,
/// setInterval as an async iterator, scheduler.wait/yield) over the runtime's timers.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_timers_and_timers_promises_run_on_the_virtual_clock() {
    let model = module_model(
        r###"import timers, { setTimeout as st, clearTimeout, setInterval as si, clearInterval, setImmediate, clearImmediate, active, unenroll, enroll, Timeout, promises } from "node:timers";
import tp, { setTimeout as pst, setImmediate as psi, setInterval as psiv, scheduler } from "node:timers/promises";
const out = [];
const t = (name, v) => out.push(`${name}=${JSON.stringify(v === undefined ? "undefined" : v)}`);
const catching = async (name, f) => {
  try { t(name, await f()); } catch (e) { t(name, { threw: String(e), name: e.name, code: e.code, cause: e.cause === undefined ? "none" : String(e.cause) }); }
};
export default { async fetch() {
  const log = [];
  t("keys", [Object.keys(timers), Object.keys(tp), promises.setTimeout === pst, Object.prototype.toString.call(promises)]);
  const x = st(() => log.push("timeout"), 10);
  t("timeout", [x instanceof Timeout, x.constructor.name, typeof +x, Object.keys(x), x.hasRef(), x.unref().hasRef(), x.ref().hasRef(), x.refresh() === x]);
  const im = setImmediate((a) => log.push("immediate " + a), "arg");
  t("immediate", [im.constructor.name, Object.prototype.toString.call(im), Object.keys(im), im.hasRef(), im.ref(), im.unref(), typeof im[Symbol.dispose]]);
  const cleared = setImmediate(() => log.push("cleared immediate"));
  clearImmediate(cleared);
  clearImmediate(undefined);
  await catching("immediateType", () => setImmediate(5));
  await catching("clearImmediateType", () => clearImmediate(5));
  await catching("timeoutType", () => st("x"));
  await catching("enroll", () => enroll({}, 5));
  t("noops", [active(5), unenroll(5), active(undefined)]);
  const y = st(() => log.push("unenrolled"), 5);
  unenroll(y);
  const z = si(() => { log.push("interval"); if (log.filter((l) => l === "interval").length === 2) clearInterval(z); }, 3);
  await new Promise((r) => st(r, 30));
  t("log", log);
  await catching("setTimeout", async () => { const a = Date.now(); const v = await pst(50, "v"); return [v, Date.now() - a >= 50]; });
  await catching("setTimeoutDefault", () => pst());
  await catching("setTimeoutDelay", () => pst("5"));
  await catching("setTimeoutOptions", () => pst(5, 1, 5));
  await catching("setTimeoutSignal", () => pst(5, 1, { signal: 5 }));
  await catching("setTimeoutRef", () => pst(5, 1, { ref: 5 }));
  await catching("setTimeoutAborted", () => pst(5, 1, { signal: AbortSignal.abort("why") }));
  await catching("setTimeoutAbort", () => { const c = new AbortController(); const p = pst(50, 1, { signal: c.signal }); c.abort("later"); return p; });
  await catching("setImmediate", () => psi("i"));
  await catching("interval", async () => { const a = Date.now(); const seen = []; for await (const v of psiv(20, "x")) { seen.push(v); if (seen.length === 3) break; } return [seen, Date.now() - a >= 60]; });
  await catching("intervalAbort", async () => { const c = new AbortController(); const seen = []; st(() => c.abort("stop"), 45); for await (const v of psiv(20, "x", { signal: c.signal })) seen.push(v); return seen; });
  await catching("wait", async () => { const a = Date.now(); await scheduler.wait(30); return Date.now() - a >= 30; });
  await catching("yield", () => scheduler.yield());
  await catching("yieldThis", () => scheduler.yield.call({}));
  await catching("waitThis", () => scheduler.wait.call({}, 5));
  t("scheduler", [Object.keys(scheduler), scheduler.constructor.name, Object.getOwnPropertySymbols(scheduler).map(String)]);
  return new Response(out.join("\n"));
} };"###,
    )
    .with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        r###"keys=[["promises","setTimeout","clearTimeout","setImmediate","clearImmediate","setInterval","clearInterval","active","unenroll","enroll"],["setTimeout","setImmediate","setInterval","scheduler"],true,"[object Module]"]
timeout=[true,"Timeout","number",[],true,false,true,true]
immediate=["Immediate","[object Immediate]",[],false,null,null,"function"]
immediateType={"threw":"TypeError: Failed to execute 'setImmediate' on 'TimersUtil': parameter 1 is not of type 'function'.","name":"TypeError","cause":"none"}
clearImmediateType={"threw":"TypeError: Failed to execute 'clearImmediate' on 'TimersUtil': parameter 1 is not of type 'Immediate'.","name":"TypeError","cause":"none"}
timeoutType={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"callback\" argument must be of type function. Received type string ('x')","name":"TypeError","code":"ERR_INVALID_ARG_TYPE","cause":"none"}
enroll={"threw":"Error: Not implemented. Please use setTimeout() instead.","name":"Error","cause":"none"}
noops=[null,null,null]
log=["immediate arg","interval","interval","timeout"]
setTimeout=["v",true]
setTimeoutDefault="undefined"
setTimeoutDelay={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"delay\" argument must be of type number. Received type string ('5')","name":"TypeError","code":"ERR_INVALID_ARG_TYPE","cause":"none"}
setTimeoutOptions={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"options\" argument must be of type object. Received type number (5)","name":"TypeError","code":"ERR_INVALID_ARG_TYPE","cause":"none"}
setTimeoutSignal={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"options.signal\" property must be an instance of AbortSignal. Received type number (5)","name":"TypeError","code":"ERR_INVALID_ARG_TYPE","cause":"none"}
setTimeoutRef={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"options.ref\" property must be of type boolean. Received type number (5)","name":"TypeError","code":"ERR_INVALID_ARG_TYPE","cause":"none"}
setTimeoutAborted={"threw":"AbortError: The operation was aborted","name":"AbortError","code":"ABORT_ERR","cause":"why"}
setTimeoutAbort={"threw":"AbortError: The operation was aborted","name":"AbortError","code":"ABORT_ERR","cause":"later"}
setImmediate="i"
interval=[["x","x","x"],true]
intervalAbort={"threw":"AbortError: The operation was aborted","name":"AbortError","code":"ABORT_ERR","cause":"stop"}
wait=true
yield="undefined"
yieldThis={"threw":"TypeError [ERR_INVALID_THIS]: Value of \"this\" must be of type Scheduler","name":"TypeError","code":"ERR_INVALID_THIS","cause":"none"}
waitThis={"threw":"TypeError [ERR_INVALID_THIS]: Value of \"this\" must be of type Scheduler","name":"TypeError","code":"ERR_INVALID_THIS","cause":"none"}
scheduler=[[],"Scheduler",["Symbol(kScheduler)"]]"###,
    );
}

/// node:perf_hooks: `performance` is the global one with marks, measures, the timeline's
/// queries and clears, nodeTiming, eventCounts; the classes' constructors and the
/// not-implemented functions.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_perf_hooks_performance_marks_and_measures() {
    let model = module_model(
        r###"import * as ph from "node:perf_hooks";
const { performance } = ph;
const out = [];
const t = (name, f) => {
  let v;
  try { v = f(); } catch (e) { v = { threw: String(e), name: e.name, code: e.code }; }
  out.push(`${name}=${JSON.stringify(v === undefined ? "undefined" : v)}`);
};
export default { async fetch() {
  t("global", () => [performance === globalThis.performance, Object.prototype.toString.call(performance), performance instanceof ph.Performance, performance.timeOrigin, performance.now() === Date.now(), performance.toJSON()]);
  const t0 = Date.now();
  let markA;
  t("mark", () => { const m = markA = performance.mark("a", { detail: { x: 1 } }); return [m.name, m.entryType, m.startTime >= t0, m.duration, m.detail, Object.keys(m.toJSON()), m instanceof ph.PerformanceMark, m instanceof ph.PerformanceEntry, Object.prototype.toString.call(m)]; });
  t("markStart", () => { const m = performance.mark("b", { startTime: 5 }); return [m.startTime, m.detail, JSON.stringify(m)]; });
  t("measureMarks", () => { const m = performance.measure("m1", "b", "a"); return [m.name, m.entryType, m.startTime, m.duration === markA.startTime - 5, m.detail, Object.prototype.toString.call(m)]; });
  t("measureNow", () => { const m = performance.measure("m2"); return [m.startTime, m.duration >= t0]; });
  t("measureOptions", () => { const m = performance.measure("m3", { start: 1, end: 10, detail: { d: 1 } }); return [m.startTime, m.duration, m.detail, JSON.stringify(m)]; });
  t("measureDuration", () => { const m = performance.measure("m4", { start: 4, duration: 3 }); return [m.startTime, m.duration]; });
  t("measureBackwards", () => performance.measure("m5", { start: 10, end: 4 }).duration);
  t("measureUnknown", () => { const m = performance.measure("m6", "nosuch"); return [m.startTime, m.duration >= t0]; });
  t("measureDetail", () => performance.measure("m7", { detail: "d" }));
  t("entries", () => performance.getEntries().map((e) => `${e.name}:${e.entryType}`));
  t("byType", () => [performance.getEntriesByType("mark").map((e) => e.name), performance.getEntriesByName("a").map((e) => e.name), performance.getEntriesByName("a", "measure").length]);
  t("clear", () => { performance.clearMarks("m1"); performance.clearMarks("a"); const one = performance.getEntries().map((e) => e.name); performance.clearMeasures(); return [one, performance.getEntries().map((e) => e.name)]; });
  t("markName", () => performance.mark());
  t("node", () => [Object.prototype.toString.call(performance.nodeTiming), performance.nodeTiming.toJSON(), performance.eventLoopUtilization(), ph.eventLoopUtilization(), performance.eventCounts.size, Object.prototype.toString.call(performance.eventCounts)]);
  t("timerify", () => { const f = () => 1; return [ph.timerify(f) === f, performance.timerify(f)()]; });
  t("histogram", () => ph.createHistogram());
  t("monitor", () => ph.monitorEventLoopDelay());
  t("newPerformance", () => new ph.Performance());
  t("newEntry", () => new ph.PerformanceEntry());
  t("newMeasure", () => new ph.PerformanceMeasure());
  t("newMarkDetail", () => new ph.PerformanceMark("z", { detail: 3 }));
  t("newMark", () => { const m = new ph.PerformanceMark("z", { startTime: 7 }); return [m.name, m.startTime, m.detail, performance.getEntriesByName("z").length]; });
  t("observer", () => { const o = new ph.PerformanceObserver(() => {}); return [ph.PerformanceObserver.supportedEntryTypes, o.observe({ entryTypes: ["mark"] }), o.takeRecords(), o.disconnect()]; });
  t("observerCallback", () => new ph.PerformanceObserver());
  t("entryList", () => new ph.PerformanceObserverEntryList());
  t("resource", () => new ph.PerformanceResourceTiming());
  t("constants", () => [Object.isFrozen(ph.constants), ph.constants]);
  t("keys", () => Object.keys(ph.default));
  return new Response(out.join("\n"));
} };"###,
    )
    .with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        r###"global=[true,"[object Performance]",true,0,true,{"timeOrigin":0}]
mark=["a","mark",true,0,{"x":1},["name","entryType","startTime","duration","detail"],true,true,"[object PerformanceMark]"]
markStart=[5,null,"{\"name\":\"b\",\"entryType\":\"mark\",\"startTime\":5,\"duration\":0}"]
measureMarks=["m1","measure",5,true,null,"[object PerformanceMeasure]"]
measureNow=[0,true]
measureOptions=[1,9,{"d":1},"{\"name\":\"m3\",\"entryType\":\"measure\",\"startTime\":1,\"duration\":9,\"detail\":{\"d\":1}}"]
measureDuration=[4,3]
measureBackwards=0
measureUnknown=[0,true]
measureDetail={"threw":"TypeError: Incorrect type for the 'detail' field on 'Options': the provided value is not of type 'Object'.","name":"TypeError"}
entries=["a:mark","b:mark","m1:measure","m2:measure","m3:measure","m4:measure","m5:measure","m6:measure"]
byType=[["a","b"],["a"],0]
clear=[["b","m2","m3","m4","m5","m6"],["b"]]
markName={"threw":"TypeError: Failed to execute 'mark' on 'Performance': parameter 1 is not of type 'string'.","name":"TypeError"}
node=["[object PerformanceNodeTiming]",{"name":"node","entryType":"node","startTime":0,"duration":0,"nodeStart":0,"v8Start":0,"bootstrapComplete":0,"environment":0,"loopStart":0,"loopExit":0,"idleTime":0,"uvMetricsInfo":{"loopCount":0,"events":0,"eventsWaiting":0}},{"idle":0,"active":0,"utilization":0},{"idle":0,"active":0,"utilization":0},0,"[object EventCounts]"]
timerify=[true,1]
histogram={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The createHistogram method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
monitor={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The monitorEventLoopDelay method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
newPerformance={"threw":"TypeError: Illegal constructor","name":"TypeError"}
newEntry={"threw":"TypeError: Illegal constructor","name":"TypeError"}
newMeasure={"threw":"TypeError: Illegal constructor","name":"TypeError"}
newMarkDetail={"threw":"TypeError: Incorrect type for the 'detail' field on 'Options': the provided value is not of type 'Object'.","name":"TypeError"}
newMark=["z",7,null,0]
observer=[["measure","mark"],null,[],null]
observerCallback={"threw":"TypeError: Failed to construct 'PerformanceObserver': constructor parameter 1 is not of type 'Value'.","name":"TypeError"}
entryList={"threw":"TypeError: Illegal constructor","name":"TypeError"}
resource={"threw":"TypeError: Illegal constructor","name":"TypeError"}
constants=[true,{"NODE_PERFORMANCE_GC_MAJOR":4,"NODE_PERFORMANCE_GC_MINOR":1,"NODE_PERFORMANCE_GC_INCREMENTAL":8,"NODE_PERFORMANCE_GC_WEAKCB":16,"NODE_PERFORMANCE_GC_FLAGS_NO":0,"NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED":2,"NODE_PERFORMANCE_GC_FLAGS_FORCED":4,"NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING":8,"NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE":16,"NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY":32,"NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE":64,"NODE_PERFORMANCE_ENTRY_TYPE_GC":0,"NODE_PERFORMANCE_ENTRY_TYPE_HTTP":1,"NODE_PERFORMANCE_ENTRY_TYPE_HTTP2":2,"NODE_PERFORMANCE_ENTRY_TYPE_NET":3,"NODE_PERFORMANCE_ENTRY_TYPE_DNS":4,"NODE_PERFORMANCE_MILESTONE_TIME_ORIGIN_TIMESTAMP":0,"NODE_PERFORMANCE_MILESTONE_TIME_ORIGIN":1,"NODE_PERFORMANCE_MILESTONE_ENVIRONMENT":2,"NODE_PERFORMANCE_MILESTONE_NODE_START":3,"NODE_PERFORMANCE_MILESTONE_V8_START":4,"NODE_PERFORMANCE_MILESTONE_LOOP_START":5,"NODE_PERFORMANCE_MILESTONE_LOOP_EXIT":6,"NODE_PERFORMANCE_MILESTONE_BOOTSTRAP_COMPLETE":7}]
keys=["Performance","PerformanceEntry","PerformanceMark","PerformanceMeasure","PerformanceObserver","PerformanceObserverEntryList","PerformanceResourceTiming","monitorEventLoopDelay","createHistogram","eventLoopUtilization","timerify","performance","constants"]"###,
    );
}

/// node:tty's streams and isatty, node:module's Module function and its stubs, isBuiltin,
/// builtinModules, createRequire (its require returns the node: modules the worker imports)
/// and process.getBuiltinModule.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_tty_and_node_module_answer_as_workerd() {
    let model = module_model(
        r###"import tty from "node:tty";
import Module, * as mod from "node:module";
import os from "node:os";
import url from "node:url";
import process from "node:process";
const out = [];
const t = (name, f) => {
  let v;
  try { v = f(); } catch (e) { v = { threw: String(e), name: e.name, code: e.code }; }
  out.push(`${name}=${JSON.stringify(v === undefined ? "undefined" : v)}`);
};
export default { async fetch() {
  t("isatty", () => [tty.isatty(0), tty.isatty(1), tty.isatty(), Object.keys(tty)]);
  t("writeStream", () => { const w = new tty.WriteStream(1); const calls = []; return [Object.keys(w), w.fd, w.columns, w.rows, w.isTTY, w.getColorDepth(), w.hasColors(), w.getWindowSize(), w.cursorTo(1, () => calls.push("y")), w.cursorTo(1, 2, () => calls.push("cb")), w.moveCursor(1, 1, () => calls.push("move")), w.clearLine(0, () => calls.push("line")), w.clearScreenDown(() => calls.push("screen")), calls]; });
  t("readStream", () => { const r = new tty.ReadStream(0); return [Object.keys(r), r.fd, r.isRaw, r.isTTY, r.setRawMode(true) === r, r.isRaw]; });
  t("callStream", () => { const o = {}; return tty.WriteStream.call(o, 2) === o && o.fd === 2; });
  t("module", () => [typeof Module, Module === mod.Module, Module.name, Object.keys(Module), Object.getOwnPropertyNames(Module.prototype), Module.prototype.isPreloading]);
  t("newModule", () => new Module());
  for (const name of ["_load", "_resolveFilename", "_findPath", "_initPaths", "_nodeModulePaths", "_resolveLookupPaths", "_preloadModules", "_debug", "register", "runMain", "syncBuiltinESMExports", "wrap", "findSourceMap", "findPackageJSON", "setSourceMapsSupport", "stripTypeScriptTypes", "registerHooks", "SourceMap"]) {
    t(name, () => Module[name]());
  }
  t("noops", () => [mod.enableCompileCache(), mod.getCompileCacheDir(), mod.flushCompileCache(), mod.getSourceMapsSupport(), Object.isFrozen(mod.getSourceMapsSupport()), mod.globalPaths, mod._cache, mod._pathCache, Object.keys(mod._extensions)]);
  t("extension", () => mod._extensions[".json"]());
  t("constants", () => [mod.constants.compileCacheStatus, Object.getPrototypeOf(mod.constants), Object.isFrozen(mod.constants)]);
  t("builtins", () => [mod.builtinModules.length, Object.isFrozen(mod.builtinModules), mod.builtinModules.slice(0, 5), mod.builtinModules.includes("sqlite"), mod.builtinModules.includes("test")]);
  t("isBuiltin", () => [mod.isBuiltin("fs"), mod.isBuiltin("node:fs"), mod.isBuiltin("node:nope"), mod.isBuiltin("node:test"), mod.isBuiltin("test"), mod.isBuiltin("sqlite"), mod.isBuiltin("sys"), mod.isBuiltin("cloudflare:workers"), mod.isBuiltin(""), mod.isBuiltin(5), mod.isBuiltin("fs/promises")]);
  t("createRequire", () => { const require = mod.createRequire("/bundle/x.js"); return [typeof require, require.length, require("node:os") === os, require("os") === os, require("url") === url, require("process") === process, Object.keys(mod.createRequire), mod.createRequire.cache, mod.createRequire.main ?? "none"]; });
  t("requireMissing", () => mod.createRequire("file:///bundle/x.js")("left-pad"));
  t("requireNodeMissing", () => mod.createRequire("/x.js")("node:nope"));
  t("createRequireRelative", () => mod.createRequire("x"));
  t("createRequireResolve", () => mod.createRequire.resolve("x"));
  t("getBuiltinModule", () => [process.getBuiltinModule("node:os") === os, process.getBuiltinModule("url") === url, process.getBuiltinModule("node:process") === process, process.getBuiltinModule("node:nope"), process.getBuiltinModule("left-pad"), process.getBuiltinModule(5)]);
  return new Response(out.join("\n"));
} };"###,
    )
    .with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        r###"isatty=[false,false,false,["isatty","ReadStream","WriteStream"]]
writeStream=[["fd","columns","rows"],1,0,0,true,8,false,[0,0],false,false,false,false,false,["y","cb","move","line","screen"]]
readStream=[["fd","isRaw","isTTY"],0,false,false,true,true]
callStream=true
module=["function",true,"Module",["register","constants","enableCompileCache","findPackageJSON","flushCompileCache","getCompileCacheDir","stripTypeScriptTypes","findSourceMap","SourceMap","getSourceMapsSupport","setSourceMapsSupport","createRequire","builtinModules","globalPaths","isBuiltin","runMain","syncBuiltinESMExports","wrap","_cache","_debug","_extensions","_findPath","_initPaths","_load","_pathCache","_preloadModules","_resolveFilename","_resolveLookupPaths","_nodeModulePaths","Module","registerHooks"],["constructor","load","require","_compile","isPreloading"],false]
newModule={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module.Module method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
_load={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module._load method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
_resolveFilename={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module._resolveFilename method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
_findPath={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module._findPath method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
_initPaths={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module._initPaths method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
_nodeModulePaths={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module._nodeModulePaths method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
_resolveLookupPaths={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module._resolveLookupPaths method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
_preloadModules={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module._preloadModules method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
_debug={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module._debug method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
register={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module.register method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
runMain={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module.runMain method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
syncBuiltinESMExports={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module.syncBuiltinESMExports method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
wrap={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module.wrap method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
findSourceMap={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module.findSourceMap method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
findPackageJSON={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module.findPackageJSON method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
setSourceMapsSupport={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module.setSourceMapsSupport method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
stripTypeScriptTypes={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module.stripTypeScriptTypes method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
registerHooks={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module.registerHooks method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
SourceMap={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module.SourceMap method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
noops=[null,null,null,{"enabled":false,"nodeModules":false,"generatedCode":false},true,[],{},{},[".js",".json",".node"]]
extension={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module._extensions.json method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
constants=[{"FAILED":0,"ENABLED":1,"ALREADY_ENABLED":2,"DISABLED":3},null,true]
builtins=[68,true,["_http_agent","_http_client","_http_common","_http_incoming","_http_outgoing"],false,false]
isBuiltin=[true,true,true,true,false,true,true,false,false,false,true]
createRequire=["function",0,true,true,true,true,["resolve","paths","cache","extensions","main"],{},"none"]
requireMissing={"threw":"Error: Module not found: left-pad","name":"Error"}
requireNodeMissing={"threw":"Error: Module not found: node:nope","name":"Error"}
createRequireRelative={"threw":"TypeError [ERR_INVALID_ARG_VALUE]: The argument 'path' The argument must be a file URL object, a file URL string, or an absolute path string.. Received 'x'","name":"TypeError","code":"ERR_INVALID_ARG_VALUE"}
createRequireResolve={"threw":"Error [ERR_METHOD_NOT_IMPLEMENTED]: The module.createRequire.resolve method is not implemented","name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED"}
getBuiltinModule=[true,true,true,null,null,null]"###,
    );
}

/// process.stdout/stderr/stdin: their shape (workerd's own keys, getters, _writableState),
/// the chunk checks, the stream events (stdin at its end, stderr's finish and close, write
/// after end), and the console lines the writes make: one per line, "stdout: " or
/// "stderr: " before it, a part line joined with the next write of the same task.
/// Expected: workerd 1.20261117 on the same worker (body and console).
#[test]
fn process_stdio_writes_lines_to_the_console() {
    let model = module_model(
        r###"import process from "node:process";
const out = [];
const t = (name, f) => {
  let v;
  try { v = f(); } catch (e) { v = { threw: String(e), code: e.code }; }
  out.push(`${name}=${JSON.stringify(v === undefined ? "undefined" : v)}`);
};
export default { async fetch() {
  const events = [];
  t("stdoutKeys", () => Object.keys(process.stdout));
  t("stdout", () => { const s = process.stdout; return [s.constructor.name, Object.getPrototypeOf(s.constructor).name, s.fd, s._type, s._isStdio, s.writable, s.writableEnded, s.writableFinished, s.writableLength, s.writableHighWaterMark, s.writableObjectMode, s.writableCorked, s.destroyed, s.writableNeedDrain, s.closed, s.errored, s.isTTY ?? "none", Object.keys(s._writableState)]; });
  t("stdinKeys", () => Object.keys(process.stdin));
  t("stdin", () => { const s = process.stdin; return [s.constructor.name, Object.getPrototypeOf(s.constructor).name, s.fd, s.readable, s.readableEnded, s.readableFlowing, s.start, s.pos, s.bytesRead, s.destroyed, s.isTTY ?? "none"]; });
  t("writes", () => [process.stdout.write("part1 "), process.stdout.write("part2\nline2\n"), process.stdout.write(new Uint8Array([65, 66, 10])), process.stdout.write("tail")]);
  t("sameTask", () => process.stdout.write("joined\n", () => events.push("cb")));
  t("hex", () => process.stdout.write("68690a", "hex"));
  t("empty", () => process.stdout.write("\n"));
  t("number", () => process.stdout.write(5));
  t("missing", () => process.stdout.write());
  t("object", () => process.stdout.write({}));
  process.stdout.write("later");
  await new Promise((r) => setTimeout(r, 0));
  console.log("after a task");
  process.stderr.write("to stderr\n");
  process.stdin.on("data", (d) => events.push("data " + d));
  process.stdin.on("end", () => events.push("end"));
  await new Promise((r) => setTimeout(r, 5));
  t("stdinAfter", () => [process.stdin.read(), process.stdin.readable, process.stdin.readableEnded, process.stdin.readableFlowing]);
  process.stderr.on("finish", () => events.push("finish"));
  process.stderr.on("close", () => events.push("close"));
  t("end", () => process.stderr.end("bye\n") === process.stderr);
  await new Promise((r) => setTimeout(r, 5));
  t("afterEnd", () => { const s = process.stderr; return [s.writable, s.writableEnded, s.writableFinished, s.destroyed, s.closed]; });
  t("writeAfterEnd", () => process.stderr.write("x\n", (e) => events.push("cb " + e.code)));
  await new Promise((r) => setTimeout(r, 5));
  t("events", () => events);
  return new Response(out.join("\n"));
} };"###,
    )
    .with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        r###"stdoutKeys=["_events","_writableState","_maxListeners","domain","fd","readable","_type","_isStdio","allowHalfOpen","bufferSize","bytesRead","bytesWritten","connecting","pending","readableAborted","readableDidRead","readableEnded","readableHighWaterMark","readableLength","readableObjectMode","readyState"]
stdout=["SyncWriteStream","Writable",1,"fs",true,true,false,false,0,65536,false,0,false,false,false,null,"none",["highWaterMark","length","corked","onwrite","writelen","bufferedIndex","pendingcb"]]
stdinKeys=["fd","start","end","pos","bytesRead","_events","_readableState","_read","_destroy","_construct","_maxListeners","domain","_eventsCount","allowHalfOpen","bufferSize","connecting","readyState"]
stdin=["ReadStream","Readable",0,true,false,null,0,0,0,false,"none"]
writes=[true,true,true,true]
sameTask=true
hex=true
empty=true
number={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"chunk\" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (5)","code":"ERR_INVALID_ARG_TYPE"}
missing={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"chunk\" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received undefined","code":"ERR_INVALID_ARG_TYPE"}
object={"threw":"TypeError [ERR_INVALID_ARG_TYPE]: The \"chunk\" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received an instance of Object","code":"ERR_INVALID_ARG_TYPE"}
stdinAfter=[null,false,true,true]
end=true
afterEnd=[false,true,true,true,true]
writeAfterEnd=false
events=["cb","end","finish","close","cb ERR_STREAM_WRITE_AFTER_END"]"###,
    );
    let run = run_first(&model);
    assert_eq!(
        run.all_console(),
        [
            "stdout: part1 part2",
            "stdout: line2",
            "stdout: AB",
            "stdout: tailjoined",
            "stdout: hi",
            "stdout:",
            "stdout: later",
            "after a task",
            "stderr: to stderr",
            "stderr: bye",
        ]
    );
}

/// process.exit() and abort() cancel the request with workerd's error (exit code 1 for
/// abort); at the top level exit() does nothing; a later request is served.
/// Expected: workerd 1.20261117 on the same worker (statuses, errors, console).
#[test]
fn process_exit_cancels_the_request() {
    let mut model = module_model(
        r###"import process from "node:process";
process.exit(7);
const top = "top level went on";
export default { async fetch(request) {
  const path = new URL(request.url).pathname;
  if (path === "/exit") { console.log("before"); process.exit(3); return new Response("not reached"); }
  if (path === "/abort") { process.abort(); return new Response("not reached"); }
  return new Response(top);
} };"###,
    );
    model.requests = vec![
        RequestSpec::get("https://w.example/exit", 0),
        RequestSpec::get("https://w.example/abort", 10),
        RequestSpec::get("https://w.example/after", 20),
    ];
    let run = run_first(&model);
    let answer = |path: &str| {
        let url = format!("https://w.example{path}");
        let request = run.requests.iter().find(|r| r.url == url).expect("the request ran");
        (request.status, request.body.clone(), request.error.clone())
    };
    let canceled = |code: u8| format!("Error: The Node.js process.exit({code}) API was called. Canceling the request.");
    assert_eq!(answer("/exit"), (Some(500), None, Some(canceled(3))));
    assert_eq!(answer("/abort"), (Some(500), None, Some(canceled(1))));
    assert_eq!(answer("/after"), (Some(200), Some("top level went on".to_string()), None));
    assert_eq!(run.all_console(), ["before"]);
}
