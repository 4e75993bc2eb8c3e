"""Demo data for Kota Bandar Lampung and Provinsi Lampung. Safe to run twice."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dispatch import services
from dispatch.models import Agency, Report, Staff, StaffRole

CITY = "18.71"
PROVINCE = "18"

# (kind, name, jurisdiction prefixes, contact)
AGENCIES: list[tuple[str, str, list[str], str]] = [
    ("bpbd", "BPBD Kota Bandar Lampung", [CITY], "0721-123112"),
    ("satpolpp", "Satpol PP Kota Bandar Lampung", [CITY], "0721-252041"),
    ("dinkes", "Dinas Kesehatan Kota Bandar Lampung", [CITY], "0721-253484"),
    ("damkar", "Dinas Pemadam Kebakaran dan Penyelamatan Kota Bandar Lampung", [CITY], "113"),
    ("dishub", "Dinas Perhubungan Kota Bandar Lampung", [CITY], "0721-481733"),
    ("dinsos", "Dinas Sosial Kota Bandar Lampung", [CITY], "0721-266184"),
    ("dlh", "Dinas Lingkungan Hidup Kota Bandar Lampung", [CITY], "0721-262390"),
    ("dp3a", "DP3A Kota Bandar Lampung", [CITY], "0721-255310"),
    ("polri", "Polresta Bandar Lampung", [CITY], "110"),
    ("pupr", "Dinas PUPR Kota Bandar Lampung", [CITY], "0721-481325"),
    ("disdukcapil", "Disdukcapil Kota Bandar Lampung", [CITY], "0721-263430"),
    ("pln", "PLN UP3 Tanjung Karang", [CITY], "123"),
    ("pdam", "Perumda Air Minum Way Rilau", [CITY], "0721-483855"),
    ("basarnas", "Kantor SAR Lampung (Basarnas)", [PROVINCE], "115"),
    ("bpbd", "BPBD Provinsi Lampung", [PROVINCE], "0721-251112"),
    ("satpolpp", "Satpol PP Provinsi Lampung", [PROVINCE], "0721-481166"),
    ("dinkes", "Dinas Kesehatan Provinsi Lampung", [PROVINCE], "0721-703123"),
    ("dishub", "Dinas Perhubungan Provinsi Lampung", [PROVINCE], "0721-702253"),
    ("dinsos", "Dinas Sosial Provinsi Lampung", [PROVINCE], "0721-703422"),
    ("dlh", "Dinas Lingkungan Hidup Provinsi Lampung", [PROVINCE], "0721-703445"),
    ("dp3a", "DP3A Provinsi Lampung", [PROVINCE], "0721-241451"),
    ("polri", "Polda Lampung", [PROVINCE], "110"),
    ("pupr", "Dinas Bina Marga dan Bina Konstruksi Provinsi Lampung", [PROVINCE], "0721-702581"),
    ("pln", "PLN UID Lampung", [PROVINCE], "123"),
]

# Calls around Bandar Lampung: (channel, text, address, lat, lon, phone)
SAMPLE_REPORTS: list[tuple[str, str, str, float | None, float | None, str]] = [
    (
        "phone",
        "Kebakaran rumah di dekat Pasar Tugu, api besar, ada warga terjebak di dalam",
        "Jl. Hayam Wuruk, Tanjung Karang Timur",
        -5.4186,
        105.2701,
        "081279001001",
    ),
    (
        "whatsapp",
        "Tolong ada kecelakaan motor vs truk di Jl. Soekarno-Hatta, 2 orang korban berdarah",
        "Jl. Soekarno Hatta, Rajabasa",
        -5.3722,
        105.2461,
        "081279001002",
    ),
    (
        "phone",
        "Banjir setinggi lutut masuk rumah warga di Kelurahan Kupang Kota",
        "Kel. Kupang Kota, Kec. Teluk Betung Utara",
        -5.4398,
        105.2584,
        "081279001003",
    ),
    (
        "sms",
        "jln rusak berlubang besar di depan SD, sdh sbln tdk diperbaiki",
        "Jl. Pramuka, Kemiling",
        -5.3905,
        105.2120,
        "081279001004",
    ),
    (
        "web",
        "Lampu penerangan jalan mati sepanjang 200 meter, rawan begal malam hari",
        "Jl. Ryacudu, Way Huwi",
        -5.3645,
        105.3156,
        "",
    ),
    (
        "whatsapp",
        "Ada ular kobra masuk ke dapur rumah, anak kecil di rumah, mohon bantuan",
        "Perumahan Villa Citra, Kedaton",
        -5.3870,
        105.2580,
        "081279001006",
    ),
    (
        "phone",
        "Ibu hamil pendarahan butuh ambulans segera",
        "Kel. Sukarame, Kec. Sukarame",
        -5.3791,
        105.3086,
        "081279001007",
    ),
    (
        "web",
        "Sampah menumpuk di pinggir jalan sudah seminggu tidak diangkut, bau menyengat",
        "Jl. Teuku Umar, Kedaton",
        -5.3931,
        105.2562,
        "",
    ),
    (
        "sms",
        "pasien miskin di RSUD Abdul Moeloek tdk punya BPJS mohon bantuan biaya",
        "RSUD Abdul Moeloek",
        -5.4010,
        105.2575,
        "081279001009",
    ),
    ("web", "Bagaimana cara mengurus KTP elektronik yang hilang?", "", None, None, ""),
    (
        "phone",
        "Pohon tumbang menutup jalan di Jl. Wolter Monginsidi, tidak ada korban",
        "Jl. Wolter Monginsidi, Teluk Betung",
        -5.4290,
        105.2620,
        "081279001011",
    ),
    (
        "whatsapp",
        "Keributan antar pemuda di dekat Tugu Adipura, saling lempar batu",
        "Tugu Adipura, Enggal",
        -5.4166,
        105.2588,
        "081279001012",
    ),
]


class Command(BaseCommand):
    help = "Create the demo agencies, users and a dozen incidents (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and "DEMO_PASSWORD" not in os.environ:
            # The default password is for demos only: never on a production install.
            raise CommandError("DEBUG is off: set DEMO_PASSWORD to seed demo users.")
        with transaction.atomic():
            agencies = self._agencies()
            users = self._users(agencies)
        self.stdout.write(f"{len(agencies)} agencies, {len(users)} users")
        if Report.objects.exists():
            self.stdout.write("reports exist already: sample reports not added again")
            return
        for channel, text, address, lat, lon, phone in SAMPLE_REPORTS:
            services.report_submit(
                text=text,
                channel=channel,
                address=address,
                lat=lat,
                lon=lon,
                reporter_phone=f"+62{phone[1:]}" if phone else "",
            )
        self.stdout.write(f"{len(SAMPLE_REPORTS)} sample reports submitted")

    def _agencies(self) -> dict[tuple[str, str], Agency]:
        result = {}
        for kind, name, jurisdiction, contact in AGENCIES:
            agency, _ = Agency.objects.update_or_create(
                name=name,
                defaults={"kind": kind, "jurisdiction": jurisdiction, "contact": contact},
            )
            result[(kind, jurisdiction[0])] = agency
        return result

    def _users(self, agencies: dict[tuple[str, str], Agency]) -> list[Any]:
        User = get_user_model()
        password = settings.DEMO_PASSWORD
        cast: list[tuple[str, str, Agency | None]] = [
            ("dispatcher", StaffRole.DISPATCHER, None),
            ("supervisor", StaffRole.SUPERVISOR, None),
        ]
        # One user per agency kind, named by it, in the agency that covers the city.
        for (kind, prefix), agency in agencies.items():
            if prefix == CITY or (kind, CITY) not in agencies:
                cast.append((kind, StaffRole.AGENCY, agency))
        admin, created = User.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            admin.set_password(password)
            admin.save()
        users = [admin]
        for username, role, agency in cast:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
                user.save()
            Staff.objects.update_or_create(user=user, defaults={"role": role, "agency": agency})
            users.append(user)
        return users
