// Photos and voice notes of an incident, as the detail API lists them
// (`media`: thumbnail_url, rendition_url, original_url). Thumbnails open the
// photo without its metadata; the original (with its GPS) is offered only to
// those the server gave an `original_url` (opening it is audited). A voice note
// plays in an <audio> element when the user may hear it.

import { el } from "./common.js";

function photo(item, S) {
  return el(
    "span",
    { className: "media-item" },
    el(
      "a",
      { href: item.rendition_url, target: "_blank", rel: "noopener", title: S.media_open },
      el("img", { src: item.thumbnail_url, alt: S.media_photo, loading: "lazy", className: "media-thumb" }),
    ),
    item.original_url
      ? el("a", { className: "small", href: item.original_url, target: "_blank", rel: "noopener", text: S.media_original })
      : null,
  );
}

function voice(item, S) {
  if (!item.original_url) {
    return el("span", { className: "media-item muted small", text: S.media_voice_restricted });
  }
  return el(
    "span",
    { className: "media-item" },
    el("span", { className: "small", text: S.media_voice }),
    el("audio", { controls: true, preload: "none", src: item.original_url }),
  );
}

// The media of one report (reportId), or the crew's (reportId null); null when none.
export function mediaGallery(media, reportId, S) {
  const items = (media || []).filter((item) => item.report_id === reportId);
  if (!items.length) return null;
  return el(
    "div",
    { className: "media-gallery" },
    ...items.map((item) => (item.kind === "image" ? photo(item, S) : voice(item, S))),
  );
}
