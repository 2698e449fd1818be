"""Refresh docs/screenshot-dashboard.png: load the demo into a throw-away data dir, serve it, log in, shoot.

    .venv/bin/python scripts/screenshot.py [username] [path]
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ZHENWU = str(Path(sys.executable).with_name("zhenwu"))


def main(username: str = "qinghe", path: str = "/") -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHENWU_")}
    env["ZHENWU_DATA_DIR"] = tempfile.mkdtemp(prefix="zhenwu-shot-")
    subprocess.run([ZHENWU, "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([ZHENWU, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="zh-CN")
            page.goto(f"{base}/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", "zhenwu-demo")
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}{path}")
            page.wait_for_timeout(1500)  # let charts finish their animation
            out = ROOT / "docs" / "screenshot-dashboard.png"
            page.screenshot(path=str(out), full_page=False)
            browser.close()
        print(f"已保存 {out}")
    finally:
        server.terminate()


if __name__ == "__main__":
    main(*sys.argv[1:])
