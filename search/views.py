from django.shortcuts import render


def search_page(request):
    return render(request, "search/search.html", {"q": request.GET.get("q", "")})
