import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

/**
 * House documents are Markdown written by staff and read by residents (ADR 022).
 * markdown-it renders with raw HTML off (`<script>`, `<iframe>`, tags with event
 * handlers come out as text) and its own link check (no `javascript:`, `vbscript:`,
 * `file:` or non-image `data:` links); sanitize-html then keeps only the tags Markdown
 * produces and http(s)/mailto/tel links, so the HTML we send is safe even if one
 * layer had a bug. Images are not allowed (they would load from other sites).
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

const ALLOWED_TAGS = [
  "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "blockquote", "pre", "code",
  "em", "strong", "s", "a", "table", "thead", "tbody", "tr", "th", "td",
];

export function renderMarkdown(source: string): string {
  return sanitizeHtml(md.render(source), {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ["href", "rel"], ol: ["start"] },
    allowedSchemes: ["http", "https", "mailto", "tel"],
    allowedSchemesAppliedToAttributes: ["href"],
    allowProtocolRelative: false,
    disallowedTagsMode: "escape",
    transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow" }) },
  });
}
