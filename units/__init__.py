"""Units: the vehicles and teams of the agencies (fire engines, ambulances, boats,
patrols), their status lifecycle, positions, assignments to incidents and the
recommendation of the nearest suitable ones (docs/ARCHITECTURE.md, "Units")."""
