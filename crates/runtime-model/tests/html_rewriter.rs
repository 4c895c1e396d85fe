//! HTMLRewriter: lol_html (the rewriter workerd uses) driven by the worker's handlers.

mod common;

use common::*;
use crosstalk_runtime::{MemorySource, Model, MsRange, Syntax};

/// The worker rewrites a page with element, text, comment and document handlers
/// (`/`), and `/errors` checks selector and handler errors, stale tokens, a handler
/// that throws, and bodies without content. Expected: workerd 1.20261117 on the same
/// worker.
const WORKER: &str = r##"const PAGE = `<!DOCTYPE html><html><head><title>Old</title><!-- note --></head><body><a href="/x" class="c">link</a><p id="p1">Hello <b>world</b></p><img src="a.png"><div data-x="1">keep</div><span>gone</span></body></html>`;
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const log = [];
    if (url.pathname === "/errors") {
      const out = {};
      try { new HTMLRewriter().on("p:nth-child(2n+1):hover", {}); } catch (e) { out.bad = `${e.name}: ${e.message}`; }
      try { new HTMLRewriter().on("p", { element: 5 }); } catch (e) { out.notfn = `${e.name}: ${e.message}`; }
      let saved;
      const r = new HTMLRewriter().on("p", { element(el) { saved = el; } }).transform(new Response("<p>x</p>"));
      await r.text();
      try { saved.getAttribute("id"); } catch (e) { out.stale = `${e.name}: ${e.message}`; }
      const thrower = new HTMLRewriter().on("p", { element() { throw new RangeError("boom"); } }).transform(new Response("<p>x</p>"));
      try { await thrower.text(); } catch (e) { out.thrown = `${e.name}: ${e.message}`; }
      out.nobody = new HTMLRewriter().transform(new Response(null, { status: 204 })).status;
      try { new HTMLRewriter().onDocument({ end: "x" }); } catch (e) { out.docnotfn = `${e.name}: ${e.message}`; }
      try { new HTMLRewriter().on("p", null); } catch (e) { out.nullh = `${e.name}: ${e.message}`; }
      try { new HTMLRewriter().on("p", { element() { return Promise.resolve(); } }); out.asyncok = true; } catch (e) { out.asyncok = String(e); }
      const many = await new HTMLRewriter().on("li", { element(el) { el.setAttribute("n", String(el.getAttribute("n") * 2)); } }).on("ul", { text(t) { if (t.text.trim()) t.remove(); } }).transform(new Response("<ul>a<li n=1>x</li>b<li n=2>y</li></ul>")).text();
      out.many = many;
      out.cm = await new HTMLRewriter().on("p", { comments(c) { c.remove(); } }).onDocument({ comments(c) { c.before("<!--B-->", { html: true }); } }).transform(new Response("<!--top--><p><!--in-->t</p>")).text();
      return Response.json(out);
    }
    const rewriter = new HTMLRewriter()
      .on("title", { text(t) { log.push(["title-text", t.text, t.lastInTextNode]); if (t.text) t.replace("New"); } })
      .on("a[href]", { element(el) { log.push(["a", el.tagName, [...el.attributes], el.getAttribute("href"), el.hasAttribute("class"), el.namespaceURI]); el.setAttribute("href", "https://a.example" + el.getAttribute("href")); el.setAttribute("rel", "noopener"); el.removeAttribute("class"); log.push(["after-set", el.getAttribute("href"), el.hasAttribute("class")]); } })
      .on("#p1", { element(el) { el.before("<hr>", { html: true }); el.after("<after>"); el.prepend("[", { html: false }); el.append("<i>!</i>", { html: true }); } })
      .on("b", { element(el) { el.tagName = "strong"; log.push(["b", el.tagName]); } })
      .on("img", { element(el) { log.push(["img"]); el.replace("<picture></picture>", { html: true }); log.push(["img-removed", el.removed]); } })
      .on("div", { element(el) { el.setInnerContent("<em>inner</em>", { html: true }); } })
      .on("span", { element(el) { el.remove(); } })
      .on("head", { comments(c) { log.push(["comment", c.text]); c.text = " changed "; } })
      .onDocument({ doctype(d) { log.push(["doctype", d.name, d.publicId, d.systemId]); }, end(end) { end.append("<!-- end -->", { html: true }); } });
    const res = rewriter.transform(new Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8", "x-k": "v" } }));
    const body = await res.text();
    return Response.json({ body, log, status: res.status, type: res.headers.get("content-type"), k: res.headers.get("x-k"), cl: res.headers.get("content-length") });
  },
};
"##;

fn answer(path: &str) -> String {
    let model = Model::new("m", Syntax::Module, MemorySource::single("worker.mjs", WORKER)).with_requests(
        &format!("https://x.example{path}"),
        MsRange::fixed(0),
        1,
    );
    let run = run_first(&model);
    run.requests[0].body.clone().unwrap_or_else(|| panic!("no body: {:?}", run.requests[0].error))
}

#[test]
fn element_text_comment_and_document_handlers_rewrite_as_in_workerd() {
    assert_eq!(
        answer("/"),
        r##"{"body":"<!DOCTYPE html><html><head><title>New</title><!-- changed --></head><body><a href=\"https://a.example/x\" rel=\"noopener\">link</a><hr><p id=\"p1\">[Hello <strong>world</strong><i>!</i></p>&lt;after&gt;<picture></picture><div data-x=\"1\"><em>inner</em></div></body></html><!-- end -->","log":[["doctype","html",null,null],["title-text","Old",false],["title-text","",true],["comment"," note "],["a","a",[["href","/x"],["class","c"]],"/x",true,"http://www.w3.org/1999/xhtml"],["after-set","https://a.example/x",false],["b","strong"],["img"],["img-removed",true]],"status":200,"type":"text/html; charset=utf-8","k":"v","cl":null}"##
    );
}

#[test]
fn bad_selectors_bad_handlers_stale_tokens_and_thrown_errors_behave_as_in_workerd() {
    assert_eq!(
        answer("/errors"),
        r##"{"bad":"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.","notfn":"TypeError: Incorrect type for the 'element' field on 'ElementContentHandlers': the provided value is not of type 'function'.","stale":"TypeError: This content token is no longer valid. Content tokens are only valid during the execution of the relevant content handler.","thrown":"RangeError: boom","nobody":204,"docnotfn":"TypeError: Incorrect type for the 'end' field on 'DocumentContentHandlers': the provided value is not of type 'function'.","asyncok":true,"many":"<ul><li n=\"2\"></li><li n=\"4\"></li></ul>","cm":"<!--B--><!--top--><p><!--B-->t</p>"}"##
    );
}

/// Asynchronous handlers (awaiting timers) and element end-tag handlers: the rewrite waits
/// for each, in document order; end tags renamed, removed, with content before and after;
/// a second `onEndTag` replaces the first; `onEndTag` on a void element or with a
/// non-function; a rejected handler errors the body; a token kept past its handler's
/// promise is stale. Expected: workerd 1.20261117 on the same worker.
const ASYNC_WORKER: &str = r##"const html = `<!doctype html><html><head><title>T</title></head><body><div id="a">one <b>two</b></div><br><p class="x">para</p><img src="i.png"><ul><li>1<li>2</ul><!-- c --></body></html>`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export default { async fetch(request) {
  const path = new URL(request.url).pathname;
  const out = [];
  const res = () => new Response(html, { headers: { "content-type": "text/html" } });
  if (path === "/async") {
    const log = [];
    const r = new HTMLRewriter()
      .on("div", { async element(el) { log.push("div start"); await sleep(10); el.setAttribute("data-x", "1"); el.append("<i>late</i>", { html: true }); log.push("div done"); } })
      .on("b", { element(el) { log.push("b"); el.tagName = "strong"; } })
      .on("p", { async text(t) { if (t.lastInTextNode) return; await sleep(1); t.replace(t.text.toUpperCase()); log.push("text " + t.text); } })
      .onDocument({ async end(end) { await sleep(1); end.append("<!--end-->", { html: true }); log.push("end"); } });
    const text = await r.transform(res()).text();
    return new Response(text + "\n" + log.join(","));
  }
  if (path === "/endtag") {
    const log = [];
    let saved;
    const r = new HTMLRewriter()
      .on("div", { element(el) { el.onEndTag((end) => { log.push("end " + end.name); end.before("[before]"); end.after("<hr>", { html: true }); }); } })
      .on("p", { element(el) { el.onEndTag((end) => { end.name = "section"; }); el.tagName = "section"; } })
      .on("li", { element(el) { el.onEndTag(() => log.push("li end")); } })
      .on("ul", { element(el) { el.onEndTag(async (end) => { await sleep(5); saved = end; end.remove(); log.push("ul end removed"); }); el.onEndTag((end) => log.push("second handler " + end.name)); } })
      .on("br", { element(el) { try { el.onEndTag(() => {}); log.push("br ok"); } catch (e) { log.push("br " + e.name + ": " + e.message); } } })
      .on("img", { element(el) { try { el.onEndTag(1); } catch (e) { log.push("img " + e.name + ": " + e.message); } } });
    const text = await r.transform(res()).text();
    try { saved.name; log.push("saved ok"); } catch (e) { log.push("saved " + e.name); }
    return new Response(text + "\n" + log.join(","));
  }
  if (path === "/reject") {
    const r = new HTMLRewriter().on("div", { async element(el) { await sleep(1); throw new Error("boom"); } });
    try { await r.transform(res()).text(); return new Response("no error"); } catch (e) { return new Response("caught " + e.name + ": " + e.message); }
  }
  if (path === "/stale") {
    let kept;
    const r = new HTMLRewriter().on("div", { async element(el) { kept = el; await sleep(1); el.setAttribute("a", "b"); } }).on("b", { element(el) { try { kept.setAttribute("z", "1"); el.setAttribute("kept", "ok"); } catch (e) { el.setAttribute("kept", e.message.slice(0, 30)); } } });
    return new Response(await r.transform(res()).text());
  }
  return new Response("?");
} };
"##;

fn async_answer(path: &str) -> String {
    let model = Model::new("m", Syntax::Module, MemorySource::single("worker.mjs", ASYNC_WORKER)).with_requests(
        &format!("https://x.example{path}"),
        MsRange::fixed(0),
        1,
    );
    let run = run_first(&model);
    run.requests[0].body.clone().unwrap_or_else(|| panic!("no body: {:?}", run.requests[0].error))
}

#[test]
fn async_handlers_and_end_tag_handlers_rewrite_as_in_workerd() {
    assert_eq!(
        async_answer("/async"),
        "<!doctype html><html><head><title>T</title></head><body><div id=\"a\" data-x=\"1\">one <strong>two</strong><i>late</i></div><br><p class=\"x\">PARA</p><img src=\"i.png\"><ul><li>1<li>2</ul><!-- c --></body></html><!--end-->\n\
         div start,div done,b,text para,end"
    );
    assert_eq!(
        async_answer("/endtag"),
        "<!doctype html><html><head><title>T</title></head><body><div id=\"a\">one <b>two</b>[before]</div><hr><br><section class=\"x\">para</section><img src=\"i.png\"><ul><li>1<li>2</ul><!-- c --></body></html>\n\
         end div,br TypeError: Parser error: No end tag.,img TypeError: Failed to execute 'onEndTag' on 'Element': parameter 1 is not of type 'function'.,li end,li end,second handler ul,saved TypeError"
    );
    assert_eq!(async_answer("/reject"), "caught Error: boom");
    assert_eq!(
        async_answer("/stale"),
        "<!doctype html><html><head><title>T</title></head><body><div id=\"a\" a=\"b\">one <b kept=\"This content token is no longe\">two</b></div><br><p class=\"x\">para</p><img src=\"i.png\"><ul><li>1<li>2</ul><!-- c --></body></html>"
    );
}
