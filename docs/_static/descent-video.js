// Animations play by themselves, muted, only while on screen — unless the reader asked the
// browser for reduced motion: then they see the still poster and a play button, and nothing
// moves until they press it. The HTML never says `autoplay` (docs/_ext/beside.py strips it),
// so nothing starts before this script has read the preference; without JavaScript every
// video has the browser's controls (and no poster, when it has a dark variant: below).
//
// A video with a dark variant (data-src-dark, data-poster-dark; docs/_ext/beside.py) gets the
// source and poster of the reader's theme here, before anything has loaded (the HTML gives it
// no poster and it is preload="none"), and the other theme's when the theme changes: a
// reader downloads the variant they see, and only that one.
(() => {
  "use strict";
  const reduce = window.matchMedia("(prefers-reduced-motion: reduce)");
  const videos = Array.from(document.querySelectorAll("video.descent-autoplay"));
  if (videos.length === 0) return;
  const root = document.documentElement;
  const prefersDark = window.matchMedia("(prefers-color-scheme: dark)");

  const visible = new Set();
  const heldByReader = new WeakSet(); // paused by the reader: we never restart these
  const blocked = new WeakSet(); // the browser refused to autoplay (data saver, policy)
  const buttons = new WeakMap();
  const PLAY_ICON =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M7 4.5v15l13-7.5z"/></svg>';

  function sync(video) {
    const waiting = reduce.matches || heldByReader.has(video) || blocked.has(video);
    buttons.get(video).hidden = !(video.paused && waiting);
  }

  function start(video) {
    if (reduce.matches || heldByReader.has(video) || !visible.has(video)) return;
    video.muted = true; // browsers allow only muted autoplay
    const playing = video.play();
    if (playing) {
      playing.catch(() => {
        blocked.add(video);
        sync(video);
      });
    }
  }

  function stop(video) {
    video.dataset.autoPause = "1";
    video.pause();
  }

  // the theme's "auto" (before its script has decided, or when it follows the system)
  function theme() {
    const chosen = root.dataset.theme;
    if (chosen === "dark" || chosen === "light") return chosen;
    return prefersDark.matches ? "dark" : "light";
  }

  function applyTheme(video) {
    const variant = theme() === "dark" ? "Dark" : "Light";
    const poster = video.dataset[`poster${variant}`];
    const src = video.dataset[`src${variant}`];
    if (poster && video.getAttribute("poster") !== poster) video.setAttribute("poster", poster);
    const source = video.querySelector("source");
    if (!src || !source || source.getAttribute("src") === src) return;
    const wasPlaying = !video.paused;
    const time = video.currentTime;
    if (wasPlaying) stop(video);
    source.setAttribute("src", src);
    video.load(); // preload="none": this fetches nothing until the video plays
    if (time > 0) {
      video.addEventListener(
        "loadedmetadata",
        () => {
          video.currentTime = Math.min(time, video.duration || time);
        },
        { once: true },
      );
    }
    if (wasPlaying) start(video);
  }

  for (const video of videos) {
    applyTheme(video);
    video.autoplay = false;
    const frame = document.createElement("div");
    frame.className = "descent-video-frame";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "descent-play";
    button.setAttribute("aria-label", "Play the animation");
    button.innerHTML = PLAY_ICON;
    button.addEventListener("click", () => {
      heldByReader.delete(video);
      video.play();
    });
    video.replaceWith(frame);
    frame.append(video, button);
    buttons.set(video, button);

    video.addEventListener("pause", () => {
      if (video.dataset.autoPause === "1") delete video.dataset.autoPause;
      else if (!video.ended) heldByReader.add(video);
      sync(video);
    });
    video.addEventListener("play", () => {
      heldByReader.delete(video);
      blocked.delete(video);
      sync(video);
    });
    video.addEventListener("ended", () => sync(video));
    sync(video);
  }

  if ("IntersectionObserver" in window) {
    const observer = new IntersectionObserver(
      (entries) => {
        for (const { target, isIntersecting } of entries) {
          if (isIntersecting) {
            visible.add(target);
            start(target);
          } else {
            visible.delete(target);
            if (!target.paused) stop(target);
          }
        }
      },
      { threshold: 0.25 },
    );
    for (const video of videos) observer.observe(video);
  } else {
    for (const video of videos) {
      visible.add(video);
      start(video);
    }
  }

  // The reader flips the theme's switch, or the system turns dark while the theme follows it.
  const retheme = () => {
    for (const video of videos) applyTheme(video);
  };
  new MutationObserver(retheme).observe(root, {
    attributes: true,
    attributeFilter: ["data-theme"],
  });
  prefersDark.addEventListener("change", retheme);

  // The preference can change while the page is open (an OS setting).
  reduce.addEventListener("change", () => {
    for (const video of videos) {
      if (reduce.matches && !video.paused) stop(video);
      else start(video);
      sync(video);
    }
  });
})();
