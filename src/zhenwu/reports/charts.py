"""Chart specs (from the builders) rendered to PNG with matplotlib (Agg, a CJK font) for the .docx and preview."""

from __future__ import annotations

import functools
import glob
import io


@functools.cache
def _pyplot():
    """matplotlib on first use (≈1 s to import): loading the URLconf or generating a report never pays for it."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    # matplotlib caches its font list per user; a CJK font installed after that cache was built is not in it.
    if not any(f.name.startswith("Noto Sans CJK") for f in font_manager.fontManager.ttflist):
        for path in glob.glob("/usr/share/fonts/**/NotoSansCJK*-Regular.tt[cf]", recursive=True):
            font_manager.fontManager.addfont(path)

    plt.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def render_png(spec: dict, width_in: float = 6.0, height_in: float = 3.2, dpi: int = 150) -> bytes:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(width_in, height_in), dpi=dpi)
    try:
        labels = spec.get("labels", [])
        for series in spec.get("series", []):
            values = series["values"]
            if spec.get("type") == "line":
                ax.plot(labels, values, marker="o", label=series["name"])
                for x, y in zip(labels, values):
                    ax.annotate(f"{y:,.0f}", (x, y), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=7)
            else:
                bars = ax.bar(labels, values, color=["#c0392b" if v >= 0 else "#2e86c1" for v in values])
                ax.bar_label(bars, labels=[f"{v:.1f}" for v in values], fontsize=8)
                ax.axhline(0, color="#666", linewidth=0.6)
        ax.set_title(spec.get("title", ""), fontsize=11)
        ax.tick_params(axis="x", labelsize=8)
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        return buf.getvalue()
    finally:
        plt.close(fig)
