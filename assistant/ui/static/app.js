() => {
  // The web UI's page script (render.page_js), run once when the page loads. The answers' HTML carries
  // no script or event handler (Gradio sanitizes it, and render.py escapes all text); these listeners on
  // the document act on the plain markup render.py writes: copy buttons, folded sources, the download.
  if (window.caPage) return;
  window.caPage = true;
  const wide = () => window.matchMedia("(min-width: 768px)").matches;

  // The filters are built open (Gradio renders a closed accordion's contents only once it is opened);
  // on a phone they fold into their accordion bar.
  const filters = document.querySelector("#ca-filters > .label-wrap");
  if (filters && !wide() && filters.classList.contains("open")) filters.click();
  document.documentElement.classList.add("ca-ready");

  // Focus the question box on wide screens, without scrolling; on phones the page opens at the header.
  const box = document.querySelector("#ca-question textarea");
  if (box && wide()) box.focus({ preventScroll: true });

  const copy = async (text) => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      // Not a secure context (plain http on another host) or no permission: the old way.
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      let ok = false;
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      area.remove();
      return ok;
    }
  };

  document.addEventListener("click", async (event) => {
    const el = event.target instanceof Element ? event.target : null;
    const button = el && el.closest("button.ca-copy");
    if (button) {
      const ok = await copy(button.value || "");
      button.textContent = ok ? "Copied" : "Copy failed: select the text instead";
      setTimeout(() => { button.textContent = "Copy answer"; }, 1600);
      return;
    }
    // A [n] link to a source folded away on a phone: unfold it before the browser scrolls to it.
    const link = el && el.closest("a.ca-cite");
    if (link) {
      const target = document.getElementById((link.getAttribute("href") || "").slice(1));
      for (let d = target && target.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
        d.open = true;
      }
    }
  }, true);

  // The "Download conversation" button calls this with the Markdown the server wrote.
  window.caDownload = (markdown) => {
    if (!markdown) return;
    const blob = new Blob([markdown], { type: "text/markdown;charset=utf-8" });
    const a = document.createElement("a");
    const stamp = new Date().toISOString().slice(0, 16).replace(/[T:]/g, "-");
    a.href = URL.createObjectURL(blob);
    a.download = `conversation-${stamp}.md`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
}
