"""People: residents and volunteers, their households, addresses and consents.

Plugins refer to a person by ``core_person.id`` and never copy names or contact details.
"""
