"""Export a sentence-transformers BERT model (mean pooling, normalised) to one ONNX graph.

Run as a child process by :func:`assistant.indexing.onnx_embedder.ensure_exported`, so torch and
transformers are loaded here and not in the server:

    python -m assistant.indexing.onnx_export MODEL_DIR OUT.onnx
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

OPSET = 17
INPUTS = ("input_ids", "attention_mask", "token_type_ids")  # the graph's inputs, in order


def export(model_path: Path, out: Path) -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_path))
    model = AutoModel.from_pretrained(str(model_path)).eval()

    class Pooled(torch.nn.Module):
        """The transformer, then what sentence-transformers does after it: mean over real tokens, L2 norm."""

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                    token_type_ids: torch.Tensor) -> torch.Tensor:
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask,
                                token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    sample = tokenizer(["a short one", "and a somewhat longer sentence"], padding=True, return_tensors="pt")
    dynamic = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
    dynamic["embedding"] = {0: "batch"}
    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Pooled(), tuple(sample[name] for name in INPUTS), str(tmp),
            input_names=list(INPUTS), output_names=["embedding"],
            dynamic_axes=dynamic, opset_version=OPSET, dynamo=False,
        )
    os.replace(tmp, out)  # atomic: a worker never loads a half-written graph
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m assistant.indexing.onnx_export MODEL_DIR OUT.onnx", file=sys.stderr)
        return 2
    export(Path(argv[0]), Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
