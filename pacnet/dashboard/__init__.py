"""The top of the house: the home page, a point's day, the dashboard, the menu and the demo."""
