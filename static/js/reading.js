// Counts a visit for the owner's reading statistics (docs/statistics.md): an image loaded from
// this site with the page, the address the reader came from and the campaign tag; on an
// article, a second one once the end of its text is on screen. No cookie, nothing kept here.
(function () {
  "use strict";
  var script = document.currentScript;
  var tags = new URLSearchParams(location.search);

  function load(address, fields) {
    new Image().src = address + "?" + new URLSearchParams(fields).toString();
  }

  function count() {
    load(script.dataset.view, {
      p: location.pathname,
      r: document.referrer,
      c: tags.get("utm_source") || tags.get("ref") || "",
      s: "1"
    });
    var end = document.querySelector("[data-reading-end]");
    if (end && "IntersectionObserver" in window) {
      var watcher = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) {
          watcher.disconnect();
          load(script.dataset.end, { p: location.pathname });
        }
      });
      watcher.observe(end);
    }
  }

  // A page the browser renders ahead of time is counted once it is shown, if it is.
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", count, { once: true });
  } else {
    count();
  }
})();
