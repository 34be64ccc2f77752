package dev.facecall.signaling.boundary;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code GET https-address}, beside the page: {@code 200 {"url":"https://host:port/"}} with the
 * page's HTTPS address when the server serves HTTPS, else 404. A page that finds itself without a
 * camera, because it is not a secure context, links there.
 */
@WebServlet("/https-address")
public class HttpsAddressServlet extends HttpServlet {

    @Inject
    Signaling signaling;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ClientRequest client = signaling.clientOf(request.getScheme(), request.getRemoteAddr(), request::getHeader);
        Optional<String> page = signaling.httpsAddress().page(client, request.getContextPath());
        response.setHeader("Cache-Control", "no-store");
        if (page.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "this server serves no HTTPS");
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Json.createObjectBuilder().add("url", page.get()).build().toString());
    }
}
