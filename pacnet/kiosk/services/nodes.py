"""Libki nodes: staff link a node that registered to a computer of its point, or forget it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pacnet.core.audit import audit_record, snapshot
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment
from pacnet.kiosk.models import LibkiNode
from pacnet.kiosk.selectors.board import computers_in_service


def node_site(node: LibkiNode) -> Site | None:
    """The node's point: the one it registered for, or the one its location names by code."""
    if node.site_id is not None:
        return node.site
    if not node.location:
        return None
    return Site.objects.filter(code__iexact=node.location.strip()).first()


@transaction.atomic
def libki_node_link(*, actor: Any, node: LibkiNode, computer: Equipment) -> LibkiNode:
    """The node is this computer: its sessions are then the computer's."""
    node = LibkiNode.objects.select_for_update().get(pk=node.pk)
    Equipment.objects.select_for_update().filter(pk=computer.pk).first()
    if node.computer_id is not None:
        raise DomainError({"node": _("This Libki client is already linked to a computer.")})
    site = node_site(node)
    if site is None or computer.site_id != site.pk:
        raise DomainError({"computer": _("Choose a computer of the Libki client's point.")})
    in_service = computers_in_service(site, timezone.localdate()).filter(pk=computer.pk)
    if not in_service.exists():
        raise DomainError({"computer": _("This is not a computer of this point in service.")})
    if LibkiNode.objects.filter(computer=computer).exists():
        raise DomainError({"computer": _("This computer is already linked to a Libki client.")})
    before = snapshot(node)
    node.computer, node.site = computer, site
    node.save(update_fields=["computer", "site"])
    audit_record(actor=actor, instance=node, action=AuditEntry.Action.UPDATE, before=before)
    return node


@transaction.atomic
def libki_node_forget(*, actor: Any, node: LibkiNode) -> None:
    """Remove the node (a stray or replaced client); if it calls again it waits to be linked."""
    audit_record(actor=actor, instance=node, action=AuditEntry.Action.DELETE, before=snapshot(node))
    node.delete()
