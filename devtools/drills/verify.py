"""Is every write the app acknowledged in the database? Each kind of write is looked for by the token the
client wrote into it: a created model by its name, an edit in the model's history, a flag and a keep decision
among the model's workflow events."""

from models_registry.choices import Transition
from models_registry.models import ModelEvent, MovementModel


def is_recorded(ack: dict) -> bool:
    model_id, token = ack["id"], ack["token"]
    match ack["kind"]:
        case "create":
            return MovementModel.objects.filter(pk=model_id, name=token).exists()
        case "edit":
            return MovementModel.history.filter(id=model_id, results=token).exists()
        case "flag":
            return ModelEvent.objects.filter(model_id=model_id, transition=Transition.FLAG, comment=token).exists()
        case "keep":
            return ModelEvent.objects.filter(model_id=model_id, transition=Transition.KEEP, comment=token).exists()
    raise ValueError(f"unknown write {ack['kind']!r}")


def lost_writes(acks: list[dict]) -> list[dict]:
    return [ack for ack in acks if not is_recorded(ack)]
