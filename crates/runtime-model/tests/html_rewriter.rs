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
