"""Libki nodes: staff link a waiting node to a computer of its point, or forget it."""

import pytest
from django.utils import timezone

from pacnet.core.errors import DomainError
from pacnet.geography.models import Site
from pacnet.kiosk.models import LibkiNode
from pacnet.kiosk.services.nodes import libki_node_forget, libki_node_link


def node(**values):
    now = timezone.now()
    return LibkiNode.objects.create(first_seen=now, last_seen=now, **{"name": "pc-a", **values})


def test_a_node_registered_by_location_is_linked_to_a_computer_of_that_point(
    point, computer, point_staff
):
    linked = libki_node_link(actor=point_staff, node=node(location="X-KIOSK"), computer=computer)
    assert (linked.computer, linked.site) == (computer, point)


def test_a_node_is_not_linked_to_a_computer_of_another_point(computer, other_point_staff):
    other = Site.objects.get(code="X-OTHER")
    with pytest.raises(DomainError) as refused:
        libki_node_link(actor=None, node=node(site=other), computer=computer)
    assert "computer" in refused.value.message_dict
    assert LibkiNode.objects.get().computer is None


def test_a_computer_takes_one_node_only(point, computer):
    libki_node_link(actor=None, node=node(site=point), computer=computer)
    with pytest.raises(DomainError):
        libki_node_link(actor=None, node=node(name="pc-b", site=point), computer=computer)


def test_a_forgotten_node_is_gone(point):
    libki_node_forget(actor=None, node=node(site=point))
    assert not LibkiNode.objects.exists()
