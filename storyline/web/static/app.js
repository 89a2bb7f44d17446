/* storyline web page: paste or drop articles, brief them through POST /api/brief, and show the briefing with
 * its evidence highlighted in each article's own text.
 *
 * Security: everything that comes from articles or from the API is written with textContent or text nodes
 * (the `h` helper below); no innerHTML, no eval, no inline handlers. Links from article metadata are made
 * only for http(s) URLs. The server's Content-Security-Policy is the second line of defence.
 *
 * Offsets: the API gives spans as Python code-point offsets into each article's cleaned `text`; JavaScript
 * strings count UTF-16 units, so `unitOffsets` converts them before slicing (articles with emoji differ).
 */
(function () {
  "use strict";

  var TOKEN_KEY = "storyline.token";
  var BRIEFING_SCHEMA = "storyline.briefing/2";
  var OUTLET_COLOURS = 8;
  var EXCLUSIVES_SHOWN = 5;
  var STATUS_ORDER = { conflicting: 0, all: 1, several: 2, one: 3 };
  var STATUS_NAMES = { conflicting: "Conflict", all: "All", several: "Several", one: "One" };
  var STATUS_HELP = {
    conflicting: "the reports give incompatible figures or dates",
    all: "every independent report makes this statement",
    several: "two or more independent reports make this statement",
    one: "only one outlet makes this statement",
  };

  // ---- small DOM helpers --------------------------------------------------------------------------------

  /* h("p", {class: "x", "data-k": "v"}, "text", node, [more]) -> element. Strings become text nodes, never
   * markup; attribute names are always literals in this file, values may be data. */
  function h(tag, attrs) {
    var element = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === null || value === undefined || value === false) {
          return;
        }
        if (name === "class") {
          element.className = value;
        } else {
          element.setAttribute(name, value === true ? "" : String(value));
        }
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      append(element, arguments[i]);
    }
    return element;
  }

  function append(parent, child) {
    if (child === null || child === undefined || child === false) {
      return;
    }
    if (Array.isArray(child)) {
      child.forEach(function (item) {
        append(parent, item);
      });
    } else if (typeof child === "string" || typeof child === "number") {
      parent.appendChild(document.createTextNode(String(child)));
    } else {
      parent.appendChild(child);
    }
  }

  function $(id) {
    return document.getElementById(id);
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many || one + "s");
  }

  function joinWords(words) {
    if (words.length <= 1) {
      return words.join("");
    }
    return words.slice(0, -1).join(", ") + " and " + words[words.length - 1];
  }

  function humanize(key) {
    return String(key).replace(/_/g, " ").replace(/^./, function (c) {
      return c.toUpperCase();
    });
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function safeLink(url, text) {
    var parsed = null;
    try {
      parsed = new URL(url);
    } catch (error) {
      parsed = null;
    }
    if (parsed && (parsed.protocol === "http:" || parsed.protocol === "https:")) {
      return h("a", { href: parsed.href, rel: "noopener noreferrer nofollow", target: "_blank" }, text || url);
    }
    return h("span", { class: "url" }, text || url);
  }

  function formatDate(iso) {
    var parts = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(iso || "");
    if (!parts) {
      return iso || "";
    }
    var options = { timeZone: "UTC", year: "numeric" };
    if (parts[2]) {
      options.month = "short";
    }
    if (parts[3]) {
      options.day = "numeric";
      options.weekday = "short";
    }
    var date = new Date(Date.UTC(+parts[1], parts[2] ? +parts[2] - 1 : 0, parts[3] ? +parts[3] : 1));
    try {
      return date.toLocaleDateString("en-GB", options);
    } catch (error) {
      return iso;
    }
  }

  function timeElement(iso) {
    return h("time", { datetime: iso }, formatDate(iso));
  }

  // ---- the access token ---------------------------------------------------------------------------------

  /* `#token=...` in the address: kept in sessionStorage for this tab, then removed from the address bar. */
  function readToken() {
    var match = /(?:^#|&)token=([^&]*)/.exec(window.location.hash);
    var token = "";
    if (match) {
      try {
        token = decodeURIComponent(match[1]);
      } catch (error) {
        token = match[1];
      }
      try {
        window.sessionStorage.setItem(TOKEN_KEY, token);
      } catch (error) {
        /* storage disabled: the token lives in this variable only */
      }
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
      return token;
    }
    try {
      return window.sessionStorage.getItem(TOKEN_KEY) || "";
    } catch (error) {
      return "";
    }
  }

  var token = readToken();

  function ApiError(message, status, field) {
    this.message = message;
    this.status = status;
    this.field = field || "";
  }

  /* fetch JSON from the API; a refusal becomes an ApiError with the API's message and field. */
  function api(path, options) {
    options = options || {};
    var headers = { Accept: "application/json" };
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (token) {
      headers.Authorization = "Bearer " + token;
    }
    return fetch(path, {
      method: options.method || "GET",
      headers: headers,
      body: options.body,
      credentials: "same-origin",
      cache: "no-store",
    }).then(
      function (response) {
        return response.text().then(function (text) {
          var data = null;
          try {
            data = text ? JSON.parse(text) : null;
          } catch (error) {
            data = null;
          }
          if (!response.ok) {
            var problem = data && isObject(data.error) ? data.error : {};
            var message = typeof problem.message === "string" && problem.message
              ? problem.message
              : "the server answered " + response.status + " " + (response.statusText || "") +
                (text && !data ? ": " + text.slice(0, 300) : "");
            if (response.status === 401 && !token) {
              message += " — open this page with #token=YOUR_TOKEN at the end of its address";
            }
            throw new ApiError(message, response.status, typeof problem.field === "string" ? problem.field : "");
          }
          if (data === null) {
            throw new ApiError("the server's answer is not JSON", response.status, "");
          }
          return data;
        });
      },
      function (error) {
        throw new ApiError("cannot reach the storyline server (" + (error && error.message) + ")", 0, "");
      }
    );
  }

  // ---- reading the input --------------------------------------------------------------------------------

  var HEADER = /^\s*(title|source|published|date|url)\s*:\s*(.*?)\s*$/i;

  /* One article from its text: leading `Title:`, `Source:`, `Published:` (or `Date:`) and `URL:` lines are
   * metadata, the rest is the text, sent as it is (storyline cleans it). */
  function parseArticle(chunk) {
    var lines = chunk.split("\n");
    var record = {};
    var i = 0;
    while (i < lines.length && !lines[i].trim()) {
      i++;
    }
    for (; i < lines.length; i++) {
      var match = HEADER.exec(lines[i]);
      if (!match) {
        break;
      }
      var key = match[1].toLowerCase();
      if (key === "date") {
        key = "published";
      }
      if (match[2]) {
        record[key] = match[2];
      }
    }
    record.text = lines.slice(i).join("\n").replace(/^\s*\n/, "").replace(/\s+$/, "");
    return record;
  }

  /* The pasted text: articles separated by a line holding only `---`; blank stretches between separators
   * are not articles. An article that starts with "<" is a page's HTML source, sent for the server to extract,
   * as `storyline brief -` reads HTML from a pipe. */
  function parsePaste(text) {
    var normalized = text.replace(/\r\n?/g, "\n");
    var articles = [];
    normalized.split(/^[ \t]*---[ \t]*$/m).forEach(function (chunk) {
      if (/^\s*</.test(chunk)) {
        articles.push({ html: chunk.trim() });
      } else if (chunk.trim()) {
        articles.push(parseArticle(chunk));
      }
    });
    return articles;
  }

  var ARTICLE_FIELDS = ["text", "html", "markdown", "title", "source", "url", "published"];

  /* Articles of a JSONL file; a bad line is added to `skipped` and left out, as `storyline brief` skips it. */
  function parseJsonl(text, name, skipped) {
    var articles = [];
    var lines = text.replace(/\r\n?/g, "\n").split("\n");
    for (var i = 0; i < lines.length; i++) {
      if (!lines[i].trim()) {
        continue;
      }
      var record;
      try {
        record = JSON.parse(lines[i]);
      } catch (error) {
        skipped.push(name + " line " + (i + 1) + ": not valid JSON (" + error.message + ")");
        continue;
      }
      if (!isObject(record)) {
        skipped.push(name + " line " + (i + 1) + ': each line must be an object {"text": ..., "title"?: ...}');
        continue;
      }
      var article = {};
      ARTICLE_FIELDS.forEach(function (field) {
        if (record[field] !== undefined && record[field] !== null) {
          article[field] = record[field];
        }
      });
      articles.push({ record: article, origin: name + " line " + (i + 1) });
    }
    if (!articles.length) {
      throw new Error(skipped.length ? skipped[0] : name + ": no articles in it");
    }
    return articles;
  }

  /* The text of a file's bytes as a browser reads a page: a byte order mark, else UTF-8, else for a page the
   * charset its <meta> names, else windows-1252 (what browsers take undeclared non-UTF-8 text for), so a
   * Latin-1 .txt reads "déclaré", not "d�clar�". The command line and the server decide the same way. */
  function decodeBytes(buffer, isPage) {
    var bytes = new Uint8Array(buffer);
    if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
      return new TextDecoder("utf-16le").decode(bytes);
    }
    if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
      return new TextDecoder("utf-16be").decode(bytes);
    }
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (error) {
      // not UTF-8: decided below
    }
    if (isPage) {
      var head = new TextDecoder("windows-1252").decode(bytes.subarray(0, 4096));
      var meta = /<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)/i.exec(head);
      if (meta) {
        try {
          return new TextDecoder(meta[1]).decode(bytes);
        } catch (error) {
          // an unknown label: windows-1252 below
        }
      }
    }
    return new TextDecoder("windows-1252").decode(bytes);
  }

  var FEED_ROOT = /<(rss|feed|rdf:RDF)[\s>]/;
  var JSON_FEED = /^\s*\{[\s\S]{0,600}"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//;

  /* files: [{name, articles: [{record, origin}], error, skipped: [message]}] in the order they were added. */
  var files = [];

  function readFile(file) {
    return file.arrayBuffer().then(
      function (buffer) {
        var isPage = /\.(html?|xhtml)$/i.test(file.name);
        var text = decodeBytes(buffer, isPage).replace(/^\uFEFF/, "");
        var entry = { name: file.name, articles: [], error: "", skipped: [] };
        try {
          if (/\.(jsonl|ndjson)$/i.test(file.name)) {
            entry.articles = parseJsonl(text, file.name, entry.skipped);
          } else if (/\.(xml|rss|atom|rdf)$/i.test(file.name) || FEED_ROOT.test(text.slice(0, 2048))) {
            // A feed goes as it is: the server reads its entries as `storyline brief feed.xml` does.
            entry.articles = [{ record: { feed: text }, origin: file.name }];
          } else if (/\.json$/i.test(file.name)) {
            if (!JSON_FEED.test(text)) {
              throw new Error(file.name + ": not a JSON Feed (articles go one a line in a .jsonl file)");
            }
            entry.articles = [{ record: { feed: text }, origin: file.name }];
          } else if (isPage) {
            // A saved web page goes as it is: the server extracts its main text and metadata with
            // trafilatura, as `storyline brief page.html` does, so menus and markup never reach the briefing.
            entry.articles = [{ record: { html: text }, origin: file.name }];
          } else if (/\.(md|markdown)$/i.test(file.name)) {
            // Markdown too is read by the server as `storyline brief notes.md` reads it: the first heading
            // is the title, and links, emphasis and list marks leave plain words.
            entry.articles = [{ record: { markdown: text }, origin: file.name }];
          } else {
            // .txt: one article each. Without a Title: line the server takes a first line that reads as a
            // headline as the title, as `storyline brief FILE` does; the file name stays here.
            entry.articles = [{ record: parseArticle(text.replace(/\r\n?/g, "\n")), origin: file.name }];
          }
        } catch (error) {
          entry.error = error.message;
        }
        return entry;
      },
      function (error) {
        return { name: file.name, articles: [], error: file.name + ": cannot read it (" + error + ")", skipped: [] };
      }
    );
  }

  function addFiles(fileList) {
    var chosen = Array.prototype.slice.call(fileList || []);
    if (!chosen.length) {
      return;
    }
    Promise.all(chosen.map(readFile)).then(function (entries) {
      entries.forEach(function (entry) {
        files.push(entry);
      });
      renderFileList();
    });
  }

  function renderFileList() {
    var list = $("file-list");
    list.replaceChildren();
    files.forEach(function (entry, index) {
      var remove = h(
        "button",
        { type: "button", class: "link-button", "aria-label": "Remove " + entry.name },
        "remove"
      );
      remove.addEventListener("click", function () {
        files.splice(index, 1);
        renderFileList();
      });
      var note = entry.error
        ? h("span", { class: "file-error" }, entry.error + " (skipped)")
        : h("span", { class: "file-count" }, plural(entry.articles.length, "article"));
      if (!entry.error && entry.skipped && entry.skipped.length) {
        note = h("span", null, note, " ", h("span", { class: "file-error" }, entry.skipped.join("; ") + " (skipped)"));
      }
      list.appendChild(h("li", null, h("span", { class: "file-name" }, entry.name), " ", note, " ", remove));
    });
  }

  /* Everything to brief: [{record, origin}] from the paste, then from the files. A file that cannot be read is
   * left out (the file list says why), as `storyline brief` skips it; only when nothing is left is it an error. */
  function collectArticles() {
    var collected = [];
    var problems = [];
    parsePaste($("articles-text").value).forEach(function (record, index) {
      collected.push({ record: record, origin: "pasted article " + (index + 1) });
    });
    files.forEach(function (entry) {
      if (entry.error) {
        problems.push(entry.error);
      }
      entry.articles.forEach(function (article) {
        collected.push(article);
      });
    });
    if (!collected.length && problems.length) {
      throw new ApiError(problems[0], 0, "");
    }
    return collected;
  }

  // ---- status and errors --------------------------------------------------------------------------------

  function setStatus(text) {
    $("status").textContent = text;
  }

  /* The API's message and, when it names one, the field at fault, with the input that field came from. */
  function showError(error, title, origins) {
    var box = $("error");
    box.replaceChildren();
    var heading = h("p", { class: "error-title" }, title || "Something went wrong");
    if (error.status) {
      append(heading, h("span", { class: "error-status" }, " (HTTP " + error.status + ")"));
    }
    box.appendChild(heading);
    box.appendChild(h("p", { class: "error-message" }, error.message || String(error)));
    if (error.field) {
      var where = h("p", { class: "error-field" }, "Field: ", h("code", null, error.field));
      var match = /^articles\[(\d+)\]/.exec(error.field);
      if (match && origins && origins[+match[1]]) {
        append(where, " — " + origins[+match[1]]);
      }
      box.appendChild(where);
    }
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
  }

  function clearError() {
    $("error").hidden = true;
    $("error").replaceChildren();
  }

  // ---- the evidence view --------------------------------------------------------------------------------

  /* Each clickable item registers a spec {kind, text, doc, primary: [span], secondary: [span], reportedBy,
   * show: [article index], coverage: whether to name the articles that do not report it} under a key; its
   * element carries data-item="key". */
  var items = new Map();
  var itemCounter = 0;
  var pinnedKey = null;
  var shownKey = null;

  function registerItem(element, spec) {
    itemCounter += 1;
    var key = "i" + itemCounter;
    items.set(key, spec);
    element.setAttribute("data-item", key);
    element.setAttribute("tabindex", "0");
    element.setAttribute("aria-controls", "evidence");
    element.classList.add("item");
    return element;
  }

  function isSpan(value) {
    return (
      isObject(value) &&
      typeof value.article === "number" &&
      typeof value.start === "number" &&
      typeof value.end === "number" &&
      typeof value.text === "string"
    );
  }

  /* Code-point offset -> UTF-16 offset map for a text, or null when the two agree (no astral characters). */
  var offsetCache = new WeakMap();

  function unitOffsets(article) {
    if (offsetCache.has(article)) {
      return offsetCache.get(article);
    }
    var text = article.text || "";
    var map = null;
    if (/[\uD800-\uDFFF]/.test(text)) {
      map = [];
      var units = 0;
      for (var ch of text) {
        map.push(units);
        units += ch.length;
      }
      map.push(units);
    }
    offsetCache.set(article, map);
    return map;
  }

  /* A span's [start, end) in UTF-16 units of its article's text, checked against the span's own text. */
  function locate(article, span) {
    var text = article.text || "";
    var map = unitOffsets(article);
    var start = map ? map[Math.min(span.start, map.length - 1)] : span.start;
    var end = map ? map[Math.min(span.end, map.length - 1)] : span.end;
    if (text.slice(start, end) !== span.text) {
      var found = text.indexOf(span.text);
      if (found < 0 || !span.text) {
        return null;
      }
      start = found;
      end = found + span.text.length;
    }
    return { start: start, end: end };
  }

  /* The article's text with its ranges marked: primary ranges are <mark class="cite">, secondary ones
   * (figures, speakers, roles) are <span class="cite-extra"> inside them or <mark class="cite-extra"> alone. */
  function markedText(text, primary, secondary) {
    var points = [0, text.length];
    primary.concat(secondary).forEach(function (range) {
      points.push(range.start, range.end);
    });
    points = Array.from(new Set(points))
      .filter(function (p) {
        return p >= 0 && p <= text.length;
      })
      .sort(function (a, b) {
        return a - b;
      });
    var fragment = document.createDocumentFragment();
    var openMark = null;
    var openIndex = -1;
    function covering(ranges, a, b) {
      for (var i = 0; i < ranges.length; i++) {
        if (ranges[i].start <= a && ranges[i].end >= b) {
          return i;
        }
      }
      return -1;
    }
    for (var k = 0; k + 1 < points.length; k++) {
      var a = points[k];
      var b = points[k + 1];
      if (a === b) {
        continue;
      }
      var piece = text.slice(a, b);
      var p = covering(primary, a, b);
      var s = covering(secondary, a, b);
      if (p !== openIndex) {
        openIndex = p;
        openMark = null;
        if (p >= 0) {
          var range = primary[p];
          openMark = h("mark", {
            class: "cite" + (range.first ? " first" : ""),
            "data-evidence": range.index,
            title: range.title || null,
          });
          fragment.appendChild(openMark);
        }
      }
      var node;
      if (s >= 0) {
        node = h(openMark ? "span" : "mark", { class: "cite-extra", title: secondary[s].title || null }, piece);
      } else {
        node = document.createTextNode(piece);
      }
      (openMark || fragment).appendChild(node);
    }
    return fragment;
  }

  function articleName(doc, index) {
    var article = doc.articles[index] || {};
    return (article.label || "article " + (index + 1)) + " [" + (index + 1) + "]";
  }

  function outletBadge(doc, label) {
    return h("span", { class: "badge outlet " + doc.colour(label) }, label);
  }

  function reachText(doc, reportedBy) {
    if (!reportedBy) {
      return "";
    }
    var total = doc.counts && doc.counts.independent;
    var n = reportedBy.independent;
    var text = total ? n + " of " + plural(total, "outlet") : plural(n, "outlet");
    if (reportedBy.articles > n) {
      text += " (" + reportedBy.articles + " articles)";
    }
    return text;
  }

  function reportedLine(doc, reportedBy, prefix) {
    if (!reportedBy || !reportedBy.outlets) {
      return null;
    }
    return h(
      "p",
      { class: "outlets" },
      h("span", { class: "reach" }, (prefix || "reported by ") + reachText(doc, reportedBy) + ": "),
      reportedBy.outlets.map(function (label) {
        return [outletBadge(doc, label), " "];
      })
    );
  }

  function scoreNote(ranges) {
    if (!ranges.length) {
      return "";
    }
    if (ranges.length > 1) {
      return plural(ranges.length, "passage") + " marked";
    }
    var range = ranges[0];
    if (typeof range.score !== "number") {
      return "";
    }
    if (range.first && range.score >= 1) {
      return "quoted from here";
    }
    return "similarity " + range.score.toFixed(2);
  }

  function sourceCard(doc, index, primary, secondary) {
    var article = doc.articles[index] || { text: "" };
    var text = article.text || "";
    var label = article.label || "article " + (index + 1);
    var meta = [];
    if (article.published) {
      meta.push(timeElement(article.published));
    }
    if (article.url) {
      meta.push(safeLink(article.url, article.source || article.url));
    }
    var origin = doc.origins && doc.origins(article);
    if (origin) {
      meta.push(h("span", null, "from " + origin));
    }
    var note = scoreNote(primary);
    if (note) {
      meta.push(h("span", { class: "score" }, note));
    }
    var metaLine = h("p", { class: "meta" });
    meta.forEach(function (part, i) {
      if (i) {
        append(metaLine, " · ");
      }
      append(metaLine, part);
    });
    var body = h("div", {
      class: "article-text",
      tabindex: "0",
      role: "region",
      "aria-label": "Text of " + label + " [" + (index + 1) + "]",
    });
    body.appendChild(markedText(text, primary, secondary));
    return h(
      "article",
      { class: "source " + doc.colour(label), "data-article": index },
      h(
        "header",
        null,
        h(
          "p",
          { class: "source-label" },
          outletBadge(doc, label),
          " ",
          h("span", { class: "article-number" }, "[" + (index + 1) + "]")
        ),
        article.title ? h("h3", null, article.title) : null,
        metaLine
      ),
      body
    );
  }

  /* Group an item's spans by article: [{index, primary: [ranges], secondary: [ranges]}] in evidence order. */
  function groupSpans(spec) {
    var groups = new Map();
    function group(index) {
      if (!groups.has(index)) {
        groups.set(index, { index: index, primary: [], secondary: [] });
      }
      return groups.get(index);
    }
    (spec.show || []).forEach(function (index) {
      group(index);
    });
    (spec.primary || []).forEach(function (span, position) {
      var article = spec.doc.articles[span.article];
      var where = article && locate(article, span);
      if (!where) {
        return;
      }
      group(span.article).primary.push({
        start: where.start,
        end: where.end,
        index: position,
        first: position === 0,
        score: span.score,
        title: typeof span.score === "number" ? "similarity " + span.score.toFixed(2) : null,
      });
    });
    (spec.secondary || []).forEach(function (span) {
      var article = spec.doc.articles[span.article];
      var where = article && locate(article, span);
      if (!where) {
        return;
      }
      group(span.article).secondary.push({ start: where.start, end: where.end, title: span.note || null });
    });
    return Array.from(groups.values());
  }

  function renderEvidence(key) {
    var body = $("evidence-body");
    var spec = key ? items.get(key) : null;
    if (!spec) {
      body.replaceChildren(
        h(
          "p",
          { class: "help" },
          "Point at or select a summary sentence, a claim or any other item to see where each article says it, " +
            "highlighted in the article's own text."
        )
      );
      return;
    }
    var doc = spec.doc;
    var groups = groupSpans(spec);
    var shown = new Set(
      groups.map(function (g) {
        return g.index;
      })
    );
    var missing = [];
    var copies = [];
    doc.articles.forEach(function (article, index) {
      if (shown.has(index)) {
        return;
      }
      var original = (doc.copiesOf[index] || []).filter(function (other) {
        return shown.has(other);
      });
      if (original.length) {
        copies.push(articleName(doc, index) + " is a copy of [" + (original[0] + 1) + "]");
      } else {
        missing.push(articleName(doc, index));
      }
    });
    var parts = [
      h("p", { class: "evidence-kind" }, spec.kind),
      h("blockquote", { class: "evidence-text" }, spec.text),
      reportedLine(doc, spec.reportedBy),
    ];
    if (!groups.length) {
      parts.push(h("p", { class: "help" }, "No article text to show for this item."));
    }
    var cards = h("div", { class: "sources" });
    groups.forEach(function (g) {
      cards.appendChild(sourceCard(doc, g.index, g.primary, g.secondary));
    });
    parts.push(cards);
    if (spec.coverage && spec.primary && spec.primary.length) {
      if (copies.length) {
        parts.push(h("p", { class: "missing" }, copies.join("; ") + ", counted once."));
      }
      if (missing.length) {
        parts.push(h("p", { class: "missing" }, "Not found in: " + missing.join(", ") + "."));
      }
    }
    body.replaceChildren.apply(
      body,
      parts.filter(function (part) {
        return part !== null;
      })
    );
    // Scroll each article's own box to its first mark; the page itself stays where it is.
    body.querySelectorAll(".article-text").forEach(function (box) {
      var mark = box.querySelector("mark");
      if (mark) {
        box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
      }
    });
  }

  function show(key) {
    if (key === shownKey) {
      return;
    }
    shownKey = key;
    document.querySelectorAll(".item.active").forEach(function (element) {
      element.classList.remove("active");
    });
    if (key) {
      document.querySelectorAll('[data-item="' + key + '"]').forEach(function (element) {
        element.classList.add("active");
      });
    }
    renderEvidence(key);
  }

  function pin(key) {
    pinnedKey = key;
    document.querySelectorAll(".item.pinned").forEach(function (element) {
      element.classList.remove("pinned");
      element.removeAttribute("aria-current");
    });
    var element = key ? document.querySelector('[data-item="' + key + '"]') : null;
    if (element) {
      element.classList.add("pinned");
      element.setAttribute("aria-current", "true");
    }
    shownKey = null;
    show(key);
    var panel = $("evidence");
    panel.classList.toggle("open", !!key);
    // On narrow screens the evidence is a sheet over the bottom of the page: keep the item visible above it.
    if (element && window.getComputedStyle(panel).position === "fixed") {
      element.scrollIntoView({ block: "nearest" });
    }
    if (key) {
      var spec = items.get(key);
      var count = $("evidence-body").querySelectorAll("article.source").length;
      setStatus("Evidence: " + plural(count, "article") + " shown, the passages highlighted.");
    }
  }

  function itemFrom(target) {
    var element = target && target.closest ? target.closest("[data-item]") : null;
    return element ? element.getAttribute("data-item") : null;
  }

  function wireItems(container) {
    container.addEventListener("click", function (event) {
      if (event.target.closest("a, button, summary, input, textarea, select")) {
        return;
      }
      var key = itemFrom(event.target);
      if (key) {
        pin(key);
      }
    });
    container.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") {
        return;
      }
      var key = itemFrom(event.target);
      if (key && event.target.getAttribute("data-item") === key) {
        event.preventDefault();
        pin(key);
      }
    });
    container.addEventListener("mouseover", function (event) {
      show(itemFrom(event.target) || pinnedKey);
    });
    container.addEventListener("mouseleave", function () {
      show(pinnedKey);
    });
  }

  // ---- the briefing -------------------------------------------------------------------------------------

  /* What every renderer needs about one set of articles: the articles, the counts, an outlet -> colour
   * class map, and where each article came from in this page's input. */
  function makeDoc(data, origins) {
    var colours = new Map();
    (data.articles || []).forEach(function (article) {
      var label = article.label || "";
      if (!colours.has(label)) {
        colours.set(label, "o" + (colours.size % OUTLET_COLOURS));
      }
    });
    // Article index -> the other articles of its group of copies (a wire story and its reprints).
    var copiesOf = {};
    (data.duplicates || []).forEach(function (group) {
      var members = group.articles || [];
      members.forEach(function (index) {
        copiesOf[index] = members.filter(function (other) {
          return other !== index;
        });
      });
    });
    return {
      articles: data.articles || [],
      counts: data.counts || {},
      copiesOf: copiesOf,
      colour: function (label) {
        return colours.get(label) || "o-other";
      },
      origins: function (article) {
        var match = /^articles\[(\d+)\]$/.exec(article.origin || "");
        if (match && origins && origins[+match[1]]) {
          return origins[+match[1]];
        }
        return "";
      },
    };
  }

  function section(id, title, intro) {
    var sectionElement = h("section", { class: "part", id: id, "aria-labelledby": id + "-heading" });
    sectionElement.appendChild(h("h2", { id: id + "-heading" }, title));
    if (intro) {
      sectionElement.appendChild(h("p", { class: "intro" }, intro));
    }
    return sectionElement;
  }

  function summarySection(data, doc) {
    var part = section("summary", "Summary");
    var list = h("ol", { class: "summary" });
    (data.summary || []).forEach(function (sentence) {
      var li = h(
        "li",
        null,
        h("p", { class: "sentence" }, sentence.text),
        reportedLine(doc, sentence.reported_by),
        partialLine(doc, sentence.partial)
      );
      registerItem(li, {
        kind: "Summary sentence",
        text: sentence.text,
        doc: doc,
        coverage: true,
        primary: sentence.evidence || [],
        reportedBy: sentence.reported_by,
      });
      list.appendChild(li);
    });
    if (!(data.summary || []).length) {
      part.appendChild(h("p", { class: "help" }, "No summary: no sentence fits the word budget."));
    }
    part.appendChild(list);
    return part;
  }

  // A figure the reports share is headed by each wording of it; a statement by its text.
  function claimTitle(claim) {
    if (claim.part !== "figure" || !(claim.comparisons || []).length) {
      return claim.text;
    }
    var wordings = [];
    (claim.comparisons[0].values || []).forEach(function (value) {
      var quoted = "“" + value.text + "”";
      if (wordings.indexOf(quoted) < 0) {
        wordings.push(quoted);
      }
    });
    return "Shared figure: " + wordings.join(" / ");
  }

  // Why each outlet is listed: the support test each evidence item passed.
  function supportList(doc, evidence) {
    var items = (evidence || []).filter(function (item) {
      return item.reason;
    });
    if (!items.length) {
      return null;
    }
    return h(
      "details",
      { class: "support" },
      h("summary", null, "Why each outlet is listed"),
      h(
        "ul",
        null,
        items.map(function (item) {
          return h("li", null, outletBadge(doc, valueLabel(doc, item)), " ", item.reason);
        })
      )
    );
  }

  // Outlets that share part of a statement (a figure, who did what) without making it.
  function partialLine(doc, partial) {
    if (!(partial || []).length) {
      return null;
    }
    var labels = [];
    partial.forEach(function (item) {
      var label = valueLabel(doc, item);
      if (labels.indexOf(label) < 0) {
        labels.push(label);
      }
    });
    return h(
      "p",
      { class: "partial" },
      "partly also in: ",
      labels.map(function (label) {
        // Not an "outlet" badge: these outlets do not report the statement, only part of it.
        return [h("span", { class: "badge partly " + doc.colour(label) }, label), " "];
      })
    );
  }

  function valueLabel(doc, value) {
    var article = doc.articles[value.article] || {};
    return article.label || "article " + (value.article + 1);
  }

  function comparisonList(doc, comparisons) {
    if (!comparisons || !comparisons.length) {
      return null;
    }
    return h(
      "ul",
      { class: "comparisons" },
      comparisons.map(function (comparison) {
        var ok = comparison.compatible !== false;
        return h(
          "li",
          { class: "comparison " + (ok ? "agree" : "conflict") },
          h("span", { class: "verdict" }, ok ? "✓ agree" : "✗ conflict"),
          " ",
          h("span", { class: "dimension" }, comparison.dimension || ""),
          comparison.explanation ? [": ", comparison.explanation] : null,
          h(
            "ul",
            { class: "values" },
            (comparison.values || []).map(function (value) {
              return h(
                "li",
                null,
                h("q", null, value.text),
                " ",
                outletBadge(doc, valueLabel(doc, value)),
                value.kind === "date" && value.date ? [" ", timeElement(value.date)] : null
              );
            })
          )
        );
      })
    );
  }

  function claimValues(claim) {
    var spans = [];
    (claim.comparisons || []).forEach(function (comparison) {
      (comparison.values || []).forEach(function (value) {
        if (isSpan(value)) {
          spans.push(value);
        }
      });
    });
    return spans;
  }

  function claimSpec(doc, claim, kind) {
    return {
      kind: kind,
      text: claim.text,
      doc: doc,
      coverage: true,
      primary: claim.evidence || [],
      secondary: claimValues(claim),
      reportedBy: claim.reported_by,
    };
  }

  function claimConflicts(claim) {
    return (
      claim.status === "conflicting" ||
      (claim.comparisons || []).some(function (comparison) {
        return comparison.compatible === false;
      })
    );
  }

  function claimsSection(data, doc) {
    var claims = (data.claims || []).slice();
    claims.sort(function (a, b) {
      var order = (STATUS_ORDER[a.status] === undefined ? 9 : STATUS_ORDER[a.status]) -
        (STATUS_ORDER[b.status] === undefined ? 9 : STATUS_ORDER[b.status]);
      return order || (b.importance || 0) - (a.importance || 0);
    });
    var conflicts = claims.filter(claimConflicts).length;
    var counts = {};
    claims.forEach(function (claim) {
      counts[claim.status] = (counts[claim.status] || 0) + 1;
    });
    var intro = claims.length
      ? plural(claims.length, "statement") + " made by two or more independent reports: " +
        [
          counts.all ? counts.all + " by every outlet" : "",
          counts.several ? counts.several + " by several" : "",
          conflicts ? plural(conflicts, "conflict") : "no conflicts",
        ]
          .filter(Boolean)
          .join(", ") + "."
      : "No statement is made by two or more independent reports.";
    var part = section("claims", "Agreement and conflict", intro);
    if (!claims.length) {
      return part;
    }
    var body = h("tbody");
    claims.forEach(function (claim) {
      var conflict = claimConflicts(claim);
      var status = conflict ? "conflicting" : claim.status;
      var row = h(
        "tr",
        { class: "claim status-" + status, "data-claim": (data.claims || []).indexOf(claim) },
        h(
          "td",
          { class: "status-cell" },
          h(
            "span",
            { class: "badge status " + status, title: STATUS_HELP[status] || null },
            (conflict ? "⚠ " : "") + (STATUS_NAMES[status] || status)
          ),
          h("span", { class: "reach" }, reachText(doc, claim.reported_by))
        ),
        h(
          "td",
          null,
          h("p", { class: "claim-text" }, claimTitle(claim)),
          comparisonList(doc, claim.comparisons),
          supportList(doc, claim.evidence)
        ),
        h(
          "td",
          { class: "outlet-cell" },
          ((claim.reported_by || {}).outlets || []).map(function (label) {
            return [outletBadge(doc, label), " "];
          })
        )
      );
      registerItem(row, claimSpec(doc, claim, conflict ? "Conflicting claim" : "Claim"));
      body.appendChild(row);
    });
    part.appendChild(
      table("claims", "Statements, who reports them, and the figures compared", body, [
        h("th", { scope: "col" }, "Status"),
        h("th", { scope: "col" }, "Statement and figures"),
        h("th", { scope: "col" }, "Reported by"),
      ])
    );
    return part;
  }

  function exclusivesSection(data, doc) {
    var exclusives = data.exclusives || [];
    if (!exclusives.length) {
      return null;
    }
    var part = section("exclusives", "What each outlet alone reports");
    exclusives.forEach(function (exclusive) {
      var claims = exclusive.claims || [];
      var group = h(
        "div",
        { class: "exclusive" },
        h(
          "h3",
          null,
          outletBadge(doc, exclusive.outlet),
          " ",
          h("span", { class: "count" }, plural(claims.length, "statement"))
        )
      );
      function claimItem(claim) {
        var li = h("li", null, h("p", { class: "claim-text" }, claim.text), comparisonList(doc, claim.comparisons));
        return registerItem(li, claimSpec(doc, claim, "Reported by " + exclusive.outlet + " alone"));
      }
      group.appendChild(h("ul", { class: "plain" }, claims.slice(0, EXCLUSIVES_SHOWN).map(claimItem)));
      if (claims.length > EXCLUSIVES_SHOWN) {
        group.appendChild(
          h(
            "details",
            null,
            h("summary", null, plural(claims.length - EXCLUSIVES_SHOWN, "more statement")),
            h("ul", { class: "plain" }, claims.slice(EXCLUSIVES_SHOWN).map(claimItem))
          )
        );
      }
      var shared = exclusive.partly_shared || [];
      if (shared.length) {
        group.appendChild(h("p", { class: "help" }, "Partly reported elsewhere:"));
        group.appendChild(
          h(
            "ul",
            { class: "plain" },
            shared.map(function (claim) {
              var li = h("li", null, h("p", { class: "claim-text" }, claim.text), partialLine(doc, claim.partial));
              return registerItem(li, claimSpec(doc, claim, "Reported in full by " + exclusive.outlet + " alone"));
            })
          )
        );
      }
      part.appendChild(group);
    });
    return part;
  }

  function timelineItem(doc, event) {
    var datesGiven = null;
    if (event.disputed) {
      datesGiven = h(
        "p",
        { class: "disputed" },
        "⚠ the dates differ: ",
        (event.dates || []).map(function (value, i) {
          var given = [timeElement(value.date), " (", h("q", null, value.text), ", ", valueLabel(doc, value), ")"];
          return [i ? "; " : "", given];
        })
      );
    }
    var li = h(
      "li",
      { class: event.disputed ? "disputed-event" : null },
      h("p", { class: "when" }, timeElement(event.date)),
      h("p", { class: "event-text" }, event.text),
      datesGiven,
      reportedLine(doc, event.reported_by)
    );
    return registerItem(li, {
      kind: event.background ? "Background event" : "Timeline event",
      text: event.text,
      doc: doc,
      coverage: true,
      primary: event.evidence || [],
      secondary: (event.dates || []).filter(isSpan),
      reportedBy: event.reported_by,
    });
  }

  function timelineSection(data, doc) {
    var events = data.timeline || [];
    if (!events.length) {
      return null;
    }
    var part = section("timeline", "Timeline");
    var current = events.filter(function (event) {
      return !event.background;
    });
    var background = events.filter(function (event) {
      return event.background;
    });
    if (current.length) {
      part.appendChild(timelineList(doc, current, "timeline"));
    }
    if (background.length) {
      part.appendChild(h("h3", null, "Background"));
      part.appendChild(h("p", { class: "intro" }, "Earlier events the articles recall."));
      part.appendChild(timelineList(doc, background, "timeline background"));
    }
    return part;
  }

  function timelineList(doc, events, className) {
    return h(
      "ol",
      { class: className },
      events.map(function (event) {
        return timelineItem(doc, event);
      })
    );
  }

  function actorsSection(data, doc) {
    var actors = data.actors || [];
    if (!actors.length) {
      return null;
    }
    var part = section("actors", "Actors");
    var body = h("tbody");
    actors.forEach(function (actor) {
      var roles = Array.from(
        new Set(
          (actor.roles || []).map(function (role) {
            return role.text;
          })
        )
      );
      var mentions = actor.mentions || {};
      var byOutlet = mentions.by_outlet || {};
      var row = h(
        "tr",
        null,
        h(
          "td",
          null,
          h("span", { class: "actor-name" }, actor.name),
          h("span", { class: "actor-kind" }, actor.kind || ""),
          actor.aliases && actor.aliases.length
            ? h("span", { class: "aliases" }, "also " + actor.aliases.join(", "))
            : null
        ),
        h("td", null, roles.join("; ")),
        h("td", { class: "number" }, String(mentions.total === undefined ? "" : mentions.total)),
        h(
          "td",
          { class: "by-outlet" },
          Object.keys(byOutlet).map(function (label) {
            return h("span", { class: "mention" }, outletBadge(doc, label), " " + byOutlet[label]);
          })
        )
      );
      registerItem(row, {
        kind: "Actor (" + (actor.kind || "name") + ")",
        text: actor.name + (roles.length ? " — " + roles.join("; ") : ""),
        doc: doc,
        primary: actor.evidence || [],
        secondary: (actor.roles || []).filter(isSpan),
        reportedBy: actor.reported_by,
      });
      body.appendChild(row);
    });
    part.appendChild(
      table("actors", "People, organizations and places, with roles and mentions", body, [
        h("th", { scope: "col" }, "Name"),
        h("th", { scope: "col" }, "Roles"),
        h("th", { scope: "col", class: "number" }, "Mentions"),
        h("th", { scope: "col" }, "By outlet"),
      ])
    );
    return part;
  }

  // A table of rows `body` under a header row of `headings`, with a caption for screen readers.
  function table(className, caption, body, headings) {
    return h(
      "table",
      { class: className },
      h("caption", { class: "visually-hidden" }, caption),
      h("thead", null, h("tr", null, headings)),
      body
    );
  }

  /* A quote object's speaker span lies in the quote's own article. */
  function speakerSpan(quote) {
    if (!isObject(quote.speaker_span)) {
      return null;
    }
    return {
      article: quote.article,
      start: quote.speaker_span.start,
      end: quote.speaker_span.end,
      text: quote.speaker_span.text,
      note: "speaker",
    };
  }

  var WORDING_NAMES = { identical: "identical words", variant: "wording differs", single: "one outlet" };

  /* 'same words in 3 outlets', 'wording differs between outlets', or '' when only one outlet has the quote. */
  function wordingPhrase(group) {
    var independent = (group.reported_by || {}).independent || 0;
    if (group.wording === "variant") {
      return "wording differs between outlets";
    }
    if (group.wording === "identical" && independent > 1) {
      return "same words in " + independent + " outlets";
    }
    return "";
  }

  function quoteGroupItem(doc, group) {
    var quotes = group.quotes || [];
    var first = quotes[0] || { text: "" };
    var variants = [];
    if (group.wording === "variant") {
      var seen = new Map();
      quotes.forEach(function (quote) {
        var label = valueLabel(doc, quote);
        if (!seen.has(quote.text)) {
          seen.set(quote.text, []);
        }
        if (seen.get(quote.text).indexOf(label) < 0) {
          seen.get(quote.text).push(label);
        }
      });
      seen.forEach(function (labels, text) {
        variants.push(
          h(
            "li",
            null,
            h("q", null, text),
            " ",
            labels.map(function (label) {
              return [outletBadge(doc, label), " "];
            })
          )
        );
      });
    }
    var speakers = Array.from(
      new Set(
        quotes.map(function (quote) {
          return quote.actor || quote.speaker || "";
        })
      )
    ).filter(Boolean);
    var li = h(
      "li",
      { class: "quote wording-" + (group.wording || "single") },
      h("blockquote", null, h("p", null, "“" + first.text + "”")),
      h(
        "p",
        { class: "speaker" },
        "— " + (speakers.length ? speakers.join(" / ") : "speaker not named"),
        wordingPhrase(group)
          ? [" ", h("span", { class: "badge wording " + group.wording }, wordingPhrase(group))]
          : null
      ),
      variants.length ? h("ul", { class: "variants" }, variants) : null,
      reportedLine(doc, group.reported_by, "quoted by ")
    );
    return registerItem(li, {
      kind: "Quotation" + (group.wording ? " (" + (WORDING_NAMES[group.wording] || group.wording) + ")" : ""),
      text: "“" + first.text + "” — " + (speakers.join(" / ") || "speaker not named"),
      doc: doc,
      primary: quotes.filter(isSpan),
      secondary: quotes.map(speakerSpan).filter(Boolean),
      reportedBy: group.reported_by,
    });
  }

  function quotesSection(data, doc) {
    return listSection(data.quotes || [], section("quotes", "Quotes"), "plain quotes", function (group) {
      return quoteGroupItem(doc, group);
    });
  }

  function speechSection(data, doc) {
    var part = section("speech", "Reported speech", "What the articles say people said, in their own words.");
    return listSection(data.reported_speech || [], part, "plain speech", function (quote) {
      var label = valueLabel(doc, quote);
      var li = h(
        "li",
        null,
        h("p", { class: "speech-text" }, quote.text),
        h(
          "p",
          { class: "speaker" },
          "— " + (quote.speaker || "speaker not named"),
          " ",
          outletBadge(doc, label)
        )
      );
      return registerItem(li, {
        kind: "Reported speech",
        text: (quote.speaker || "someone") + ": " + quote.text,
        doc: doc,
        primary: isSpan(quote) ? [quote] : [],
        secondary: [speakerSpan(quote)].filter(Boolean),
      });
    });
  }

  // `part` with a list of `items`, each drawn by `build`; null when there are none.
  function listSection(items, part, className, build) {
    if (!items.length) {
      return null;
    }
    part.appendChild(h("ul", { class: className }, items.map(build)));
    return part;
  }

  function articlesSection(data, doc) {
    var articles = data.articles || [];
    var part = section("articles", "Articles", "Select an article to read its cleaned text.");
    var copies = (data.duplicates || []).map(function (group) {
      var numbers = (group.articles || []).map(function (index) {
        return "[" + (index + 1) + "]";
      });
      return h(
        "p",
        { class: "copies" },
        "Articles " + joinWords(numbers) + " are copies of one wire story (similarity " +
          Number(group.similarity || 0).toFixed(2) + "); they count once."
      );
    });
    append(part, copies);
    var list = h("ul", { class: "plain article-list" });
    articles.forEach(function (article, index) {
      var removed = article.removed || [];
      var origin = doc.origins(article);
      var li = h(
        "li",
        null,
        h(
          "p",
          null,
          outletBadge(doc, article.label || ""),
          " ",
          h("span", { class: "article-number" }, "[" + (index + 1) + "]"),
          " ",
          h("span", { class: "article-title" }, article.title || "(no title)")
        ),
        h(
          "p",
          { class: "meta" },
          article.published ? [timeElement(article.published), " · "] : null,
          origin ? "from " + origin + " · " : null,
          plural((article.text || "").split(/\s+/).filter(Boolean).length, "word")
        ),
        removed.length
          ? h(
              "details",
              null,
              h("summary", null, plural(removed.length, "piece") + " removed by cleaning"),
              h(
                "ul",
                { class: "removed" },
                removed.map(function (piece) {
                  return h("li", null, h("span", { class: "reason" }, piece.reason + ": "), piece.text);
                })
              )
            )
          : null
      );
      registerItem(li, {
        kind: "Article",
        text: article.title || article.label || "article " + (index + 1),
        doc: doc,
        primary: [],
        show: [index],
      });
      list.appendChild(li);
    });
    part.appendChild(list);
    return part;
  }

  function overview(data, doc, title) {
    var counts = data.counts || {};
    var text =
      "From " + plural(counts.articles || doc.articles.length, "article") +
      (counts.independent !== undefined ? " (" + plural(counts.independent, "independent report") + ")" : "") +
      (data.method ? ", summarized by " + data.method : "") +
      (data.words ? " in at most " + data.words + " words" : "") + ".";
    var nav = h("nav", { class: "toc", "aria-label": "Sections" });
    // Notes say what a reader should know: articles skipped as unusable, stages run on English text only.
    // The server names an article by its place in the request ("articles[2]"); the reader knows it by its file.
    var notes = (Array.isArray(data.notes) ? data.notes : []).map(function (note) {
      var named = String(note).replace(/articles\[(\d+)\](?:\.(\w+))?/g, function (place, index, field) {
        var origin = doc.origins({ origin: "articles[" + index + "]" });
        return origin ? origin + (field ? " (" + field + ")" : "") : place;
      });
      return h("p", { class: "note" }, named);
    });
    return h(
      "header",
      { class: "overview" },
      h("h2", null, title || "Briefing"),
      h("p", { class: "counts" }, text),
      notes.length ? h("div", { class: "notes" }, notes) : null,
      nav
    );
  }

  /* The whole briefing (schema storyline.briefing/2) into `container`. */
  function renderBriefing(data, container, origins, title) {
    var doc = makeDoc(data, origins);
    var head = overview(data, doc, title);
    container.appendChild(head);
    var parts = [
      summarySection(data, doc),
      claimsSection(data, doc),
      exclusivesSection(data, doc),
      timelineSection(data, doc),
      actorsSection(data, doc),
      quotesSection(data, doc),
      speechSection(data, doc),
      articlesSection(data, doc),
    ].filter(Boolean);
    var nav = head.querySelector("nav");
    parts.forEach(function (part, i) {
      var heading = part.querySelector("h2");
      if (i) {
        append(nav, " · ");
      }
      nav.appendChild(h("a", { href: "#" + part.id }, heading ? heading.textContent : part.id));
      container.appendChild(part);
    });
    return doc;
  }

  // ---- what is new (stories) ----------------------------------------------------------------------------

  /* Spans in a change entry: those under `evidence` are primary, the others (values, still_in) secondary. */
  function collectSpans(value, underEvidence, primary, secondary, depth) {
    if (depth > 4 || value === null || typeof value !== "object") {
      return;
    }
    if (Array.isArray(value)) {
      value.forEach(function (item) {
        collectSpans(item, underEvidence, primary, secondary, depth + 1);
      });
      return;
    }
    if (isSpan(value)) {
      (underEvidence ? primary : secondary).push(value);
    }
    Object.keys(value).forEach(function (key) {
      if (value[key] !== null && typeof value[key] === "object") {
        collectSpans(value[key], underEvidence || key === "evidence", primary, secondary, depth + 1);
      }
    });
  }

  function describeValue(value) {
    if (value === null || value === undefined) {
      return "";
    }
    if (typeof value !== "object") {
      return String(value);
    }
    if (typeof value.text === "string") {
      return value.text + (value.label ? " (" + value.label + ")" : "");
    }
    if (value.value !== undefined) {
      var sentence = isObject(value.sentence) ? value.sentence.text : "";
      return String(value.value) + (sentence ? " — in “" + sentence + "”" : "");
    }
    return "";
  }

  function genericChange(doc, entry) {
    if (!isObject(entry)) {
      return h("li", null, String(entry));
    }
    if (typeof entry.status === "string" && Array.isArray(entry.evidence) && typeof entry.text === "string") {
      var li = h(
        "li",
        null,
        h("span", { class: "badge status " + entry.status }, STATUS_NAMES[entry.status] || entry.status),
        " ",
        h("span", { class: "claim-text" }, entry.text),
        comparisonList(doc, entry.comparisons),
        reportedLine(doc, entry.reported_by)
      );
      return registerItem(li, claimSpec(doc, entry, "New claim"));
    }
    if (Array.isArray(entry.quotes) && entry.wording !== undefined) {
      return quoteGroupItem(doc, entry);
    }
    var lines = [];
    if (entry.kind) {
      lines.push(h("span", { class: "badge kind" }, String(entry.kind)));
    }
    if (entry.label) {
      lines.push(" ", outletBadge(doc, String(entry.label)));
    }
    if (entry.title) {
      lines.push(" ", h("span", { class: "article-title" }, String(entry.title)));
    }
    if (entry.dimension) {
      lines.push(" ", h("span", { class: "dimension" }, String(entry.dimension)));
    }
    var detail = h("dl", { class: "change-detail" });
    ["old", "new", "text"].forEach(function (key) {
      var text = describeValue(entry[key]);
      if (text) {
        detail.appendChild(h("dt", null, key === "old" ? "was" : key === "new" ? "now" : ""));
        detail.appendChild(h("dd", null, text));
      }
    });
    var primary = [];
    var secondary = [];
    collectSpans(entry, false, primary, secondary, 0);
    if (!primary.length) {
      primary = secondary;
      secondary = [];
    }
    var evidenceList = null;
    if (Array.isArray(entry.evidence) && entry.evidence.length) {
      evidenceList = h(
        "ul",
        { class: "values" },
        entry.evidence.filter(isSpan).map(function (span) {
          return h("li", null, h("q", null, span.text), " ", outletBadge(doc, valueLabel(doc, span)));
        })
      );
    }
    var item = h("li", null, h("p", null, lines), detail.childNodes.length ? detail : null, evidenceList);
    var index = typeof entry.article === "number" ? entry.article : null;
    if (primary.length || index !== null) {
      registerItem(item, {
        kind: humanize(entry.kind || "change"),
        text:
          describeValue(entry.new) || entry.title || describeValue(entry.old) || (primary[0] && primary[0].text) || "",
        doc: doc,
        primary: primary,
        secondary: secondary,
        show: index !== null && doc.articles[index] ? [index] : [],
      });
    }
    return item;
  }

  function renderChanges(changes, container, fallbackDoc, origins) {
    var doc = Array.isArray(changes.articles) && changes.articles.length ? makeDoc(changes, origins) : fallbackDoc;
    var part = section(
      "changes",
      "What is new",
      changes.since ? "Since the briefing shown " + changes.since + "." : "Since the last briefing of this story."
    );
    if (changes.empty === true) {
      part.appendChild(h("p", { class: "help" }, "Nothing has changed since then."));
    }
    if (isObject(changes.counts)) {
      var counted = Object.keys(changes.counts)
        .filter(function (key) {
          return changes.counts[key];
        })
        .map(function (key) {
          return humanize(key) + ": " + changes.counts[key];
        });
      if (counted.length) {
        part.appendChild(h("p", { class: "counts" }, counted.join(" · ")));
      }
    }
    Object.keys(changes).forEach(function (key) {
      var value = changes[key];
      if (key === "articles" || !Array.isArray(value) || !value.length) {
        return;
      }
      part.appendChild(h("h3", null, humanize(key)));
      part.appendChild(
        h(
          "ul",
          { class: "plain changes" },
          value.map(function (entry) {
            return genericChange(doc || makeDoc({ articles: [] }), entry);
          })
        )
      );
    });
    container.appendChild(part);
  }

  /* The object in a story response that passes `test`: the response itself, else the nearest one inside it,
   * never one under a key naming an earlier state ("previous", "old"): that briefing is not the current one. */
  function findBySchema(data, test, depth) {
    if (!isObject(data) || depth > 2) {
      return null;
    }
    if (test(data)) {
      return data;
    }
    var keys = Object.keys(data).filter(function (key) {
      return !/^(previous|old|last)/i.test(key);
    });
    keys.sort(function (a, b) {
      return (/briefing|changes/.test(b) ? 1 : 0) - (/briefing|changes/.test(a) ? 1 : 0);
    });
    for (var i = 0; i < keys.length; i++) {
      var found = findBySchema(data[keys[i]], test, depth + 1);
      if (found) {
        return found;
      }
    }
    return null;
  }

  function isBriefing(data) {
    if (data.schema === BRIEFING_SCHEMA) {
      return true;
    }
    return Array.isArray(data.summary) && Array.isArray(data.articles) && !isChanges(data);
  }

  function isChanges(data) {
    return typeof data.schema === "string" && data.schema.indexOf("storyline.changes") === 0;
  }

  function storyTitle(story) {
    return story.title || (story.id !== undefined ? "story " + story.id : "story");
  }

  function storyFacts(story) {
    var facts = [];
    Object.keys(story).forEach(function (key) {
      var value = story[key];
      if (typeof value === "number" && /_count$/.test(key)) {
        facts.push(plural(value, key.replace(/_count$/, "").replace(/_/g, " ")));
      }
    });
    if (story.last_seen) {
      facts.push("last seen " + story.last_seen);
    }
    return facts.join(" · ");
  }

  function renderStory(data, storyId) {
    var container = $("briefing");
    resetResult();
    var story = isObject(data.story) ? data.story : data;
    var briefing = findBySchema(data, isBriefing, 0);
    var changes = isObject(data.changes) ? data.changes : findBySchema(data, isChanges, 0);
    var title = storyTitle(isObject(data.story) ? data.story : { title: data.title, id: storyId });
    var doc = null;
    if (!briefing && !changes) {
      container.appendChild(
        h("header", { class: "overview" }, h("h2", null, title), h("p", { class: "counts" }, storyFacts(story)))
      );
      container.appendChild(h("p", { class: "help" }, "The server sent no briefing for this story."));
    }
    if (changes) {
      var holder = document.createDocumentFragment();
      if (!briefing) {
        container.appendChild(h("header", { class: "overview" }, h("h2", null, title)));
      }
      renderChanges(changes, holder, briefing ? makeDoc(briefing, null) : null, null);
      if (briefing) {
        doc = renderBriefing(briefing, container, null, title);
        // What is new comes first: it is why a reader opens a story again.
        container.insertBefore(holder, container.children[1] || null);
        var nav = container.querySelector("nav.toc");
        if (nav) {
          nav.insertBefore(document.createTextNode(" · "), nav.firstChild);
          nav.insertBefore(h("a", { href: "#changes" }, "What is new"), nav.firstChild);
        }
      } else {
        container.appendChild(holder);
      }
    } else if (briefing) {
      doc = renderBriefing(briefing, container, null, title);
    }
    showResult();
    return doc;
  }

  // ---- stories panel ------------------------------------------------------------------------------------

  /* The list comes a page at a time (the server's page size): a store of 100,000 articles would otherwise
   * send every story with all its articles before the page could show anything. */
  var storiesShown = 0;
  var storyIds = new Set();

  function storyButton(story) {
    var button = h(
      "button",
      { type: "button", class: "story-button" },
      h("span", { class: "story-title" }, storyTitle(story)),
      h("span", { class: "story-facts" }, storyFacts(story))
    );
    button.addEventListener("click", function () {
      openStory(story.id);
    });
    return h("li", null, button);
  }

  /* Add a page of stories to the list (`first`: replace the list). The next page starts after the story the
   * page's `next` names, so an ingest between two pages never repeats a story. */
  var nextPage = null;

  function showStories(data, first) {
    var stories = Array.isArray(data) ? data : Array.isArray(data.stories) ? data.stories : null;
    if (!stories) {
      return false;
    }
    var list = $("story-list");
    if (first) {
      list.replaceChildren();
      storyIds.clear();
      storiesShown = 0;
    }
    stories.forEach(function (story) {
      if (!isObject(story) || storyIds.has(story.id)) {
        return;
      }
      storyIds.add(story.id);
      list.appendChild(storyButton(story));
    });
    storiesShown += stories.length;
    nextPage = typeof data.next === "string" && data.next ? data.next : null;
    var total = typeof data.total === "number" ? data.total : storiesShown;
    var more = $("stories-more");
    more.hidden = nextPage === null;
    more.textContent = "More stories (" + Math.max(total - storiesShown, 1) + " more)";
    var count = $("stories-count");
    count.textContent = more.hidden ? "" : "Showing " + storiesShown + " of " + total + ".";
    count.hidden = more.hidden;
    $("stories-empty").hidden = storyIds.size > 0;
    return true;
  }

  function loadStories() {
    api("/api/stories").then(
      function (data) {
        if (showStories(data, true)) {
          $("stories-panel").hidden = false;
        }
      },
      function () {
        $("stories-panel").hidden = true;
      }
    );
  }

  function loadMoreStories() {
    if (nextPage === null) {
      return;
    }
    var more = $("stories-more");
    more.disabled = true;
    more.setAttribute("aria-busy", "true");
    api("/api/stories?after=" + encodeURIComponent(nextPage))
      .then(
        function (data) {
          showStories(data, false);
        },
        function (error) {
          showError(error, "More stories could not be loaded");
        }
      )
      .then(function () {
        more.disabled = false;
        more.removeAttribute("aria-busy");
      });
  }

  /* Opening a story is the user looking at it: the POST stores the briefing as seen, so the next "what is
   * new" starts from here. (GET /api/stories/{id} would show the same without storing it.) */
  function openStory(id) {
    if (id === undefined || id === null) {
      return;
    }
    clearError();
    setStatus("Loading the story…");
    var path = "/api/stories/" + encodeURIComponent(String(id)) + "/briefings";
    api(path, { method: "POST", body: JSON.stringify({ since_last: true }) }).then(
      function (data) {
        renderStory(data, id);
        setStatus("Story loaded.");
        focusResult();
      },
      function (error) {
        setStatus("");
        showError(error, "The story could not be loaded");
      }
    );
  }

  // ---- briefing flow ------------------------------------------------------------------------------------

  function resetResult() {
    items.clear();
    pinnedKey = null;
    shownKey = null;
    $("briefing").replaceChildren();
    $("evidence").classList.remove("open");
    renderEvidence(null);
  }

  function showResult() {
    $("result").hidden = false;
  }

  function focusResult() {
    var result = $("result");
    result.focus({ preventScroll: true });
    result.scrollIntoView({ block: "start" });
  }

  function submitBrief(event) {
    event.preventDefault();
    clearError();
    var collected;
    try {
      collected = collectArticles();
    } catch (error) {
      showError(error, "The articles could not be read");
      return;
    }
    var payload = {
      articles: collected.map(function (item) {
        return item.record;
      }),
      skip_unusable: true,
    };
    var origins = collected.map(function (item) {
      return item.origin;
    });
    var wordsText = $("words-input").value.trim();
    if (wordsText) {
      var words = Number(wordsText);
      payload.words = Number.isInteger(words) ? words : wordsText;
    }
    var button = $("brief-button");
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    setStatus("Briefing " + plural(collected.length, "article") + "…");
    var started = performance.now();
    api("/api/brief", { method: "POST", body: JSON.stringify(payload) })
      .then(
        function (data) {
          resetResult();
          renderBriefing(data, $("briefing"), origins);
          showResult();
          var seconds = ((performance.now() - started) / 1000).toFixed(1);
          var briefed = (data.counts || {}).articles || collected.length;
          setStatus("Briefed " + plural(briefed, "article") + " in " + seconds + " s.");
          focusResult();
        },
        function (error) {
          setStatus("");
          showError(error, "The briefing failed", origins);
        }
      )
      .then(function () {
        button.disabled = false;
        button.removeAttribute("aria-busy");
      });
  }

  function clearAll() {
    $("articles-text").value = "";
    files = [];
    renderFileList();
    clearError();
    resetResult();
    $("result").hidden = true;
    setStatus("");
    $("articles-text").focus();
  }

  function wireDropZone() {
    var zone = $("drop-zone");
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.remove("dragging");
      });
    });
    zone.addEventListener("drop", function (event) {
      addFiles(event.dataTransfer && event.dataTransfer.files);
    });
    $("file-input").addEventListener("change", function (event) {
      addFiles(event.target.files);
      event.target.value = "";
    });
    // A file dropped anywhere else must not make the browser leave the page to open it.
    window.addEventListener("dragover", function (event) {
      event.preventDefault();
    });
    window.addEventListener("drop", function (event) {
      event.preventDefault();
    });
  }

  function start() {
    $("brief-form").addEventListener("submit", submitBrief);
    $("clear-button").addEventListener("click", clearAll);
    $("evidence-close").addEventListener("click", function () {
      var element = pinnedKey ? document.querySelector('[data-item="' + pinnedKey + '"]') : null;
      pin(null);
      if (element) {
        element.focus();
      }
    });
    wireDropZone();
    wireItems($("briefing"));
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && pinnedKey) {
        var element = document.querySelector('[data-item="' + pinnedKey + '"]');
        pin(null);
        if (element) {
          element.focus();
        }
      }
    });
    $("stories-more").addEventListener("click", loadMoreStories);
    loadStories();
    document.documentElement.classList.add("ready");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
