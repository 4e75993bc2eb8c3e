"""Code tables of the interop layer: Open311 services, CAP mappings, public labels.

Pure data and small lookups, no ORM. Our category codes (docs/ARCHITECTURE.md, "Code lists") are the
Open311 service codes as they are: an integration that already knows the
contract needs no second code list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation

from dispatch.models import CancelReason, Category, Priority, Status

# The two languages of every public text: CAP `info` blocks, Open311 names.
LANGUAGES = (("id", "id-ID"), ("en", "en-US"))

EMERGENCY_CATEGORIES = frozenset(
    {"fire", "traffic_accident", "medical", "disaster", "rescue", "crime"}
)


def label(choices: Any, code: str, language: str = "id") -> str:
    """The translated label of a code (a TextChoices class), e.g. fire -> Kebakaran."""
    with translation.override(language):
        try:
            return str(choices(code).label)
        except ValueError:
            return code


def category_label(code: str, language: str = "id") -> str:
    return label(Category, code, language)


def status_label(code: str, language: str = "id") -> str:
    return label(Status, code, language)


# --- Open311 ---------------------------------------------------------------------

# Open311 `group`: the two kinds of line the call centre answers.
GROUP_EMERGENCY = "Darurat"
GROUP_COMPLAINT = "Pengaduan"
GROUP_INFORMATION = "Informasi"

# Keywords help a client's search box; they are the words callers use.
SERVICE_KEYWORDS: dict[str, str] = {
    "fire": "kebakaran,api,asap,damkar",
    "traffic_accident": "kecelakaan,tabrakan,lalu lintas,korban",
    "medical": "ambulans,pingsan,sesak napas,pendarahan,melahirkan",
    "disaster": "banjir,longsor,gempa,angin puting beliung,tsunami,gunung api",
    "rescue": "tenggelam,terjebak,ular,hewan berbahaya,orang hilang",
    "crime": "pencurian,begal,perampokan,penganiayaan,kekerasan",
    "public_order": "keributan,tawuran,pedagang kaki lima,gangguan ketertiban",
    "infrastructure": "jalan rusak,lampu jalan,jembatan,drainase,listrik,air bersih",
    "environment": "sampah,pencemaran,limbah,pohon tumbang",
    "social_welfare": "bantuan sosial,bpjs,pasien miskin,gelandangan",
    "health_service": "puskesmas,rumah sakit,pelayanan kesehatan",
    "public_service": "ktp,kk,akta,administrasi kependudukan",
    "information": "pertanyaan,saran,aspirasi,informasi",
    "other": "lainnya",
}


@dataclass(frozen=True)
class AttributeValue:
    key: str
    name: str


@dataclass(frozen=True)
class ServiceAttribute:
    """An Open311 attribute: an extra question whose answer goes into the report text."""

    code: str
    datatype: str
    description: str
    required: bool = False
    datatype_description: str | None = None
    values: tuple[AttributeValue, ...] = field(default_factory=tuple)
    # The line added to the report for the dispatcher and the triage rules.
    text_label: str = ""


# Emergencies ask who is hurt or trapped: the triage rules raise the priority on it.
VICTIMS = ServiceAttribute(
    code="korban",
    datatype="singlevaluelist",
    description="Apakah ada korban (luka, terjebak, tidak sadar)?",
    values=(
        AttributeValue("ada", "Ada korban"),
        AttributeValue("tidak_ada", "Tidak ada korban"),
        AttributeValue("tidak_tahu", "Tidak tahu"),
    ),
    text_label="Korban",
)
PEOPLE = ServiceAttribute(
    code="jumlah_orang",
    datatype="number",
    description="Perkiraan jumlah orang yang terdampak.",
    datatype_description="Bilangan bulat, misalnya 3.",
    text_label="Jumlah orang terdampak",
)

SERVICE_ATTRIBUTES: dict[str, tuple[ServiceAttribute, ...]] = dict.fromkeys(
    EMERGENCY_CATEGORIES, (VICTIMS, PEOPLE)
)


def service_group(code: str) -> str:
    if code in EMERGENCY_CATEGORIES:
        return GROUP_EMERGENCY
    if code == "information":
        return GROUP_INFORMATION
    return GROUP_COMPLAINT


def service_codes() -> list[str]:
    return list(Category.values)


def is_service(code: str) -> bool:
    return code in Category.values


# Public status notes: a fixed phrase per status, never the staff's own notes.
STATUS_NOTES: dict[str, str] = {
    "pending": "Laporan diterima, sedang diproses.",
    Status.NEW: "Laporan diteruskan ke instansi terkait.",
    Status.CLAIMED: "Instansi terkait telah menerima laporan.",
    Status.EN_ROUTE: "Petugas dalam perjalanan ke lokasi.",
    Status.ON_SCENE: "Petugas berada di lokasi.",
    Status.RESOLVED: "Selesai ditangani.",
    Status.CLOSED: "Selesai ditangani dan ditutup.",
    Status.CANCELLED: "Dibatalkan.",
}
CANCEL_NOTES: dict[str, str] = {
    CancelReason.DUPLICATE: "Digabung dengan laporan lain tentang kejadian yang sama.",
}

CLOSED_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED, Status.CANCELLED})


def open311_status(incident_status: str | None) -> str:
    """GeoReport has two states: ours are open until resolved, closed or cancelled."""
    return "closed" if incident_status in CLOSED_STATUSES else "open"


# --- CAP 1.2 ---------------------------------------------------------------------

CAP_CATEGORY: dict[str, str] = {
    "fire": "Fire",
    "traffic_accident": "Transport",
    "medical": "Health",
    # Most disasters here are floods, landslides and earthquakes: geophysical.
    "disaster": "Geo",
    "rescue": "Rescue",
    "crime": "Security",
    "public_order": "Safety",
    "infrastructure": "Infra",
    "environment": "Env",
    "social_welfare": "Other",
    "health_service": "Health",
    "public_service": "Other",
    "information": "Other",
    "other": "Other",
}

# What people near the incident should do (CAP responseType).
CAP_RESPONSE: dict[str, str] = {
    "fire": "Avoid",
    "traffic_accident": "Avoid",
    "disaster": "Prepare",
    "rescue": "Avoid",
    "crime": "Avoid",
    "public_order": "Avoid",
    "environment": "Monitor",
    "infrastructure": "Monitor",
}

# Fixed instructions per category and language: public text we wrote, never a caller's.
CAP_INSTRUCTION: dict[str, tuple[str, str]] = {
    "fire": (
        "Jauhi lokasi, beri jalan bagi mobil pemadam, jangan mendekat untuk menonton.",
        "Keep away from the area, make way for fire engines, do not gather to watch.",
    ),
    "traffic_accident": (
        "Hindari ruas jalan di sekitar lokasi dan beri jalan bagi ambulans dan polisi.",
        "Avoid the road near the scene and make way for ambulances and police.",
    ),
    "disaster": (
        "Ikuti arahan BPBD dan petugas setempat; siapkan evakuasi bila diminta.",
        "Follow BPBD and local officers; be ready to evacuate if told to.",
    ),
    "rescue": (
        "Jauhi lokasi dan biarkan tim penyelamat bekerja.",
        "Keep away and let the rescue team work.",
    ),
    "crime": (
        "Hindari lokasi dan laporkan informasi kepada polisi melalui 110 atau 112.",
        "Avoid the area and give information to the police on 110 or 112.",
    ),
    "public_order": (
        "Hindari kerumunan di sekitar lokasi.",
        "Avoid crowds near the area.",
    ),
    "medical": (
        "Beri jalan bagi ambulans.",
        "Make way for ambulances.",
    ),
}
DEFAULT_INSTRUCTION = (
    "Informasi untuk diketahui; tidak ada tindakan khusus yang diperlukan.",
    "For information; no particular action is needed.",
)

_SEVERITY_ORDER = ("Minor", "Moderate", "Severe", "Extreme")
_BASE_SEVERITY = {"P1": "Severe", "P2": "Moderate", "P3": "Minor", "P4": "Minor"}
_URGENCY = {"P1": "Immediate", "P2": "Expected", "P3": "Expected", "P4": "Future"}
# Callers at which an incident counts as confirmed by independent witnesses.
CONFIRMED_CALLERS = 3


def cap_urgency(*, priority: str, status: str) -> str:
    if status in CLOSED_STATUSES:
        return "Past"
    return _URGENCY.get(priority, "Unknown")


def cap_severity(*, priority: str, report_count: int) -> str:
    """By priority, one step up when many people call about it (a bigger event)."""
    base = _BASE_SEVERITY.get(priority)
    if base is None:
        return "Unknown"
    index = _SEVERITY_ORDER.index(base)
    if report_count >= CONFIRMED_CALLERS:
        index = min(index + 1, len(_SEVERITY_ORDER) - 1)
    return _SEVERITY_ORDER[index]


def cap_certainty(*, status: str, report_count: int) -> str:
    """One caller: possible; two: likely; three or an agency at the scene: observed."""
    if status in (Status.ON_SCENE, Status.RESOLVED, Status.CLOSED):
        return "Observed"
    if report_count >= CONFIRMED_CALLERS:
        return "Observed"
    if report_count == 2:
        return "Likely"
    return "Possible"


def priority_label(code: str, language: str = "id") -> str:
    return label(Priority, code, language)
