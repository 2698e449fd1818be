from dataclasses import dataclass
@dataclass
class Defect:
    kind: str
    text: str
    start: int
    end: int
    note: str = ""
    message: str = ""
    def to_dict(self):
        return {"type": "defect", "kind": self.kind, "text": self.text, "note": self.note, "start": self.start, "end": self.end, "message": self.message}
def proofread(text):
    return []
